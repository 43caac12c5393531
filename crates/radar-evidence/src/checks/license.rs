//! License: a LICENSE / COPYING / LICENCE file and its SPDX id, recognised
//! from the text of the common licenses (or an `SPDX-License-Identifier` line).
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "license",
    title: "License",
    looks_for: "LICENSE*, LICENCE* or COPYING* in the root; the SPDX id from the license text (Apache-2.0, MIT, BSD-2/3-Clause, ISC, MPL-2.0, GPL/LGPL/AGPL, EPL-2.0, Unlicense, CC0-1.0, BSL-1.0, Zlib)",
    run,
};

fn run(ctx: &Ctx<'_>) -> Check {
    let files: Vec<String> = ctx
        .files_in("")
        .filter(|p| {
            let n = p.to_ascii_lowercase();
            n.starts_with("license") || n.starts_with("licence") || n.starts_with("copying")
        })
        .map(str::to_owned)
        .collect();
    let Some(first) = files.first().cloned() else {
        return Check::missing();
    };
    let mut ids: Vec<&'static str> = Vec::new();
    let mut details = Vec::new();
    for f in &files {
        let id = ctx.read(f).and_then(|d| identify(&d.text));
        details.push(format!("{f}: {}", id.unwrap_or("unrecognised")));
        if let Some(id) = id
            && !ids.contains(&id)
        {
            ids.push(id);
        }
    }
    let check = Check::found(first).with_details(details);
    // Several license files (LICENSE-APACHE + LICENSE-MIT) are a choice.
    if ids.is_empty() {
        check
    } else {
        check.with_value(ids.join(" OR "))
    }
}

/// SPDX id of a license text, by the phrases that set the common licenses apart.
pub fn identify(text: &str) -> Option<&'static str> {
    let spdx = re(r"SPDX-License-Identifier:\s*([A-Za-z0-9.+-]+)");
    let t: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase();
    let has = |s: &str| t.contains(s);
    let id = if has("apache license") && has("version 2.0") {
        "Apache-2.0"
    } else if has("mozilla public license") && has("2.0") {
        "MPL-2.0"
    } else if has("gnu affero general public license") && has("version 3") {
        "AGPL-3.0"
    } else if has("gnu lesser general public license") && has("version 3") {
        "LGPL-3.0"
    } else if has("gnu lesser general public license") && has("version 2.1") {
        "LGPL-2.1"
    } else if has("gnu general public license") && has("version 3") {
        "GPL-3.0"
    } else if has("gnu general public license") && has("version 2") {
        "GPL-2.0"
    } else if has("eclipse public license") && has("2.0") {
        "EPL-2.0"
    } else if has("this is free and unencumbered software released into the public domain") {
        "Unlicense"
    } else if has("cc0 1.0 universal") {
        "CC0-1.0"
    } else if has("boost software license") {
        "BSL-1.0"
    } else if has("permission is hereby granted, free of charge") {
        "MIT"
    } else if has(
        "permission to use, copy, modify, and/or distribute this software for any purpose",
    ) {
        "ISC"
    } else if has("redistribution and use in source and binary forms") {
        if has("neither the name") || has("names of its contributors may be used") {
            "BSD-3-Clause"
        } else {
            "BSD-2-Clause"
        }
    } else if has("this software is provided 'as-is'")
        && has("altered source versions must be plainly marked")
    {
        "Zlib"
    } else {
        return spdx.captures(text).and_then(|c| known(&c[1]));
    };
    Some(id)
}

/// The SPDX ids Radar recognises from a license's text; every one is
/// FSF- or OSI-approved, which the security section's License check reads.
pub(crate) const IDS: &[&str] = &[
    "Apache-2.0",
    "MIT",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "ISC",
    "MPL-2.0",
    "GPL-2.0",
    "GPL-3.0",
    "LGPL-2.1",
    "LGPL-3.0",
    "AGPL-3.0",
    "EPL-2.0",
    "Unlicense",
    "CC0-1.0",
    "BSL-1.0",
    "Zlib",
];

fn known(id: &str) -> Option<&'static str> {
    let base = id
        .trim_end_matches("-only")
        .trim_end_matches("-or-later")
        .trim_end_matches('+');
    IDS.iter().copied().find(|k| k.eq_ignore_ascii_case(base))
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;

    #[test]
    fn common_license_texts() {
        assert_eq!(
            identify(
                "                                 Apache License\n                           Version 2.0, January 2004"
            ),
            Some("Apache-2.0")
        );
        assert_eq!(
            identify("MIT License\n\nPermission is hereby granted, free of charge, to any person"),
            Some("MIT")
        );
        let bsd3 = "Redistribution and use in source and binary forms, with or without\nmodification ... Neither the name of";
        assert_eq!(identify(bsd3), Some("BSD-3-Clause"));
        assert_eq!(
            identify("Redistribution and use in source and binary forms, with or without"),
            Some("BSD-2-Clause")
        );
        assert_eq!(
            identify("Mozilla Public License Version 2.0\n=================================="),
            Some("MPL-2.0")
        );
        assert_eq!(
            identify("GNU GENERAL PUBLIC LICENSE\n Version 3, 29 June 2007"),
            Some("GPL-3.0")
        );
        assert_eq!(
            identify("// SPDX-License-Identifier: GPL-2.0-only\n"),
            Some("GPL-2.0")
        );
        assert_eq!(identify("All rights reserved."), None);
    }

    #[test]
    fn dual_licensed_and_missing() {
        let c = run(
            &CHECK,
            &[
                ("LICENSE-APACHE", "Apache License\nVersion 2.0"),
                (
                    "LICENSE-MIT",
                    "Permission is hereby granted, free of charge",
                ),
            ],
        );
        assert_eq!(c.value, Some("Apache-2.0 OR MIT".into()));
        assert_eq!(c.evidence.as_deref(), Some("LICENSE-APACHE"));
        let c = run(&CHECK, &[("LICENSE", "proprietary")]);
        assert_eq!((c.passed, c.value), (true, None));
        assert!(!run(&CHECK, &[("docs/LICENSE", "MIT")]).passed);
    }
}
