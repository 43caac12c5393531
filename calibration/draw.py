#!/usr/bin/env python3
"""Draws the calibration sample from a landscape.yml: stratified by the TOC's
level, in proportion, with a fixed seed, so anyone can draw the same sample
(or another one with another seed).

usage: draw.py LANDSCAPE_YML SEED N_TRAIN N_VALIDATION
prints TSV: set, level, name, repo_url, additional repos (space separated)
"""
import random, sys, yaml

path, seed, n_train, n_val = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
doc = yaml.safe_load(open(path))
projects = {}
for cat in doc["landscape"]:
    for sub in cat.get("subcategories") or []:
        for it in sub.get("items") or []:
            level = it.get("project")
            if level and it.get("repo_url") and it["name"] not in projects:
                extra = [r["repo_url"] for r in it.get("additional_repos") or []]
                projects[it["name"]] = (level, it["repo_url"], extra)
strata = {}
for name in sorted(projects):
    strata.setdefault(projects[name][0], []).append(name)
total = len(projects)
rng = random.Random(seed)
for level in sorted(strata):
    names = strata[level]
    rng.shuffle(names)
    k_train = round(n_train * len(names) / total)
    k_val = round(n_val * len(names) / total)
    for i, name in enumerate(names[: k_train + k_val]):
        lvl, repo, extra = projects[name]
        print("\t".join(["train" if i < k_train else "validation", lvl, name, repo, " ".join(extra)]))
