"""Scale the shipped data to N villages, for the benchmark.

    python bench/generate.py 500 /tmp/bench-500/regulations

New villages get new ids and codes, are grouped into townships of about 8 (as in a real
prefecture), and copy the revision structure of a shipped village (same revisions, kinds,
chapters and review records) with varied text: numbers change, article order inside a chapter
is shuffled, and each village's name replaces its model's, so no two villages are the same text.
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from regpub.load import load  # noqa: E402

NUMBER = re.compile(r"(?<![0-9])([1-9][0-9]?)(?![0-9])")


class Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # the loader refuses anchors and aliases
        return True


def _str(dumper, value):
    style = '"' if re.search(r"[\u0f00-\u0fff]", value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


Dumper.add_representer(str, _str)


def vary(text: str, rng: random.Random) -> str:
    return NUMBER.sub(lambda m: str(max(1, int(m.group(1)) + rng.randint(-2, 3))), text)


def vary_tree(node, rng: random.Random, names: tuple[str, str]):
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "zh" and isinstance(value, str):
                out[key] = vary(value.replace(names[0], names[1]), rng)
            else:
                out[key] = vary_tree(value, rng, names)
        if "articles" in out and isinstance(out["articles"], list) and len(out["articles"]) > 2:
            head, *rest = out["articles"]
            rng.shuffle(rest)
            out["articles"] = [head, *rest]
        return out
    if isinstance(node, list):
        return [vary_tree(item, rng, names) for item in node]
    return node


def _load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None


def generate(source: Path, n: int, target: Path, seed: int = 2025) -> None:
    county = load(source)
    rng = random.Random(seed)
    models = [v for v in county.villages if v.id in county.regulations]
    if target.exists():
        shutil.rmtree(target)
    (target / "villages").mkdir(parents=True)
    shutil.copy(source / "phrases.yaml", target / "phrases.yaml")
    if (source / "points.yaml").exists():
        shutil.copy(source / "points.yaml", target / "points.yaml")
    supervision = _load_yaml(source / "supervision.yaml") or {"groups": []}
    model_groups = {g["village"]: g for g in supervision["groups"]}
    groups = []
    divisions = yaml.safe_load((source / "divisions.yaml").read_text(encoding="utf-8"))
    townships = []
    for i in range(n):
        model = models[i % len(models)]
        vid = f"{model.id}-{i:04d}"
        t = i // 8
        if t == len(townships):
            townships.append({"id": f"town-{t:04d}", "code": f"54{t:06d}0000", "kind": "township",
                              "name": {"zh": f"第{t + 1}乡"}, "pinyin": f"di{t + 1}xiang", "villages": []})
        name = f"{model.name.zh[:-1] if model.name.zh.endswith('村') else model.name.zh}{i}村"
        townships[t]["villages"].append({"id": vid, "code": f"54{t:06d}{i % 8 + 201:04d}",
                                         "kind": "village", "name": {"zh": name},
                                         "pinyin": f"{model.pinyin}{i}"})
        if model.id in model_groups:  # the model's supervision group, records included
            groups.append({**model_groups[model.id], "village": vid})
        folder = target / "villages" / vid
        folder.mkdir()
        for revision in county.regulations[model.id].revisions:
            path = source / "villages" / model.id / f"{revision.key}.yaml"
            tree = yaml.safe_load(path.read_text(encoding="utf-8"))
            tree = vary_tree(tree, rng, (model.name.zh, name))
            tree["village"] = vid
            (folder / path.name).write_text(
                yaml.dump(tree, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1000),
                encoding="utf-8")
    divisions["townships"] = townships
    if groups:
        (target / "supervision.yaml").write_text(
            yaml.dump({**supervision, "groups": groups}, Dumper=Dumper, allow_unicode=True,
                      sort_keys=False), encoding="utf-8")
    (target / "divisions.yaml").write_text(
        yaml.dump(divisions, Dumper=Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("villages", type=int)
    parser.add_argument("target", type=Path)
    parser.add_argument("--source", type=Path, default=ROOT / "regulations")
    args = parser.parse_args()
    generate(args.source, args.villages, args.target)
    print(f"wrote {args.villages} villages to {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
