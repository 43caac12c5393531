# Reads `radar report --format json --goal production` of a calibration
# catalog (the claim is the TOC's level) and prints the calibration figures;
# used by scripts/calibrate.sh. $rows: "0" leaves out the per-project lines.

def rank: {"": 0, "none": 0, "sandbox": 1, "incubating": 2, "graduated": 3}[.] // null;
def pct(n; d): if d == 0 then "-" else ((n * 1000 / d | round) / 10 | tostring) + "%" end;
def pad(n): tostring | . + (" " * ([n - length, 0] | max));
def lpad(n): tostring | (" " * ([n - length, 0] | max)) + .;

[.projects[] | {
  name, toc: (.claimed_level // "?"),
  measured: (.status == "measured"),
  supported: (.supported_level // "none"),
  lifecycle, ended,
  verdict: (.advice.verdict // "-"),
  blockers: [.blockers[] | "\(.level)/\(.criterion)"],
  error
}] as $all
| [$all[] | select(.measured)] as $m
| [$m[] | select(.toc | rank != null)] as $active
| [$m[] | select(.toc == "archived")] as $archived
| [$all[] | select(.toc == "archived")] as $archived_all
| ($active | map(select(.supported == .toc)) | length) as $exact
| ($active | map(select((.supported | rank) != null and (((.supported | rank) - (.toc | rank)) | fabs) <= 1)) | length) as $within
| ($active | map(select(.toc == "graduated" and ((.supported | rank) // 9) < 2)) ) as $grad_low
| ($active | map(select(.ended))) as $active_ended
| ($active | map(select(.lifecycle == "inactive"))) as $active_inactive
| ($archived_all | map(select(.verdict == "hold")) | length) as $held
| ["sandbox", "incubating", "graduated", "archived"] as $levels
| ["none", "sandbox", "incubating", "graduated", "archived"] as $cols
| (
  "projects: \($all | length) in the catalog, \($m | length) measured, \($all | length - ($m | length)) not measured (no mirror or unreadable)",
  "",
  "TOC level \\ supported  " + ($cols | map(lpad(10)) | join("")),
  ($levels[] as $r
    | ($r | pad(22)) + " "
      + ($cols | map(. as $c | [$m[] | select(.toc == $r and .supported == $c)] | length | lpad(10)) | join(""))
      + "   (\([$m[] | select(.toc == $r)] | length) measured)"),
  "",
  "exact agreement (active):       \($exact)/\($active | length) = \(pct($exact; $active | length))",
  "within one level (active):      \($within)/\($active | length) = \(pct($within; $active | length))",
  "graduated rated below incubating: \($grad_low | length)\(if ($grad_low | length) > 0 then ": " + ($grad_low | map(.name) | join(", ")) else "" end)",
  "archived on hold (production):  \($held)/\($archived_all | length) = \(pct($held; $archived_all | length))",
  "active flagged ended:           \($active_ended | length)\(if ($active_ended | length) > 0 then ": " + ($active_ended | map(.name) | join(", ")) else "" end)",
  "active flagged inactive:        \($active_inactive | length)\(if ($active_inactive | length) > 0 then ": " + ($active_inactive | map(.name) | join(", ")) else "" end)",
  (if $rows == "0" then empty else
    "",
    "project                          TOC         supported   lifecycle   production  blockers",
    ($all | sort_by(.toc, .name)[]
      | (.name | .[0:32] | pad(33)) + (.toc | pad(12)) + ((if .measured then .supported else "-" end) | pad(12))
        + (.lifecycle | pad(12)) + (.verdict | pad(12))
        + (if .measured then (.blockers | join(" ")) else "not measured: " + ((.error // "?") | .[0:80]) end))
  end)
)
