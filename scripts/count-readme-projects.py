#!/usr/bin/env python3
"""Counts the projects of a README project list, independently of Radar.

Written apart from Radar's importer (no shared code, different method: line
regexes instead of a Markdown parser) so that scripts/import-history.sh can
check `radar import` against it. Its rules, taken from reading the history of
the Azure/container-(compute-)upstream READMEs:

- a table is a header line with `|`, followed by a delimiter row (`|---|`);
- a project table has a column whose header contains "project" (not
  "project area") and a "goal" column; any other table (an announcements
  table) is not counted;
- in a table whose first column header contains "area", a row with an area
  cell opens that area; a row with a project cell is a project of the
  current area; without an area column every row is a project of the
  heading above the table;
- a project is known by its name: the project cell up to its first <br>,
  links reduced to their text, HTML comments dropped, whitespace collapsed,
  compared without case. The same name in several tables or areas is one
  project.

Prints, per file: FILE DISTINCT_PROJECTS ROWS DISTINCT_(AREA,PROJECT)_PAIRS.
"""
import re
import sys


def cells(line):
    s = line.strip()
    parts = re.split(r'(?<!\\)\|', s)
    if s.startswith('|'):
        parts = parts[1:]
    if s.endswith('|') and not s.endswith('\\|'):
        parts = parts[:-1]
    return [p.strip() for p in parts]


def is_delimiter(line):
    c = cells(line)
    return bool(c) and all(re.fullmatch(r':?-+:?', x) for x in c)


def name_of(cell):
    first = re.split(r'<\s*/?\s*br\s*/?\s*>', cell, flags=re.I)[0]
    first = re.sub(r'<!--.*?-->', '', first)
    first = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', first)
    return ' '.join(first.split()).lower()


def count(text):
    lines = text.split('\n')
    heading = None
    names = set()
    pairs = set()
    rows = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r'^#{1,6}\s+(.*?)\s*#*\s*$', line)
        if m:
            heading = m.group(1)
        if '|' in line and i + 1 < len(lines) and is_delimiter(lines[i + 1]):
            header = [h.lower() for h in cells(line)]
            j = i + 2
            body = []
            while j < len(lines) and '|' in lines[j] and lines[j].strip():
                body.append(lines[j])
                j += 1
            project = [k for k, h in enumerate(header) if 'project' in h and 'area' not in h]
            if project and any('goal' in h for h in header):
                pc = project[0]
                has_area = 'area' in header[0]
                area = None if has_area else heading
                for row in body:
                    c = cells(row)
                    if all(not x for x in c):
                        continue
                    # A row copied from a table with an area column keeps its
                    # empty first cell: read it one cell to the left.
                    if not has_area and len(c) == len(header) + 1 and not c[0]:
                        c = c[1:]
                    a = c[0] if has_area and c else ''
                    p = c[pc] if pc < len(c) else ''
                    if a:
                        area = a
                    if p:
                        rows += 1
                        n = name_of(p)
                        names.add(n)
                        pairs.add((area, n))
            i = j
            continue
        i += 1
    return len(names), rows, len(pairs)


if __name__ == '__main__':
    for path in sys.argv[1:]:
        with open(path, encoding='utf-8') as f:
            n, r, p = count(f.read())
        print(path, n, r, p)
