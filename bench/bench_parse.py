"""Reading a 500-shot storyboard paste.

Bar (issue 8): parsing a 500-shot paste in <= 100 ms, for each shape chat models write
that costs the most: DeepSeek-style markdown with sections and bullets, the same paste
with its newlines lost (re-split from its labels), a markdown table and a JSON block.
Best of 5 runs each (the first run also compiles nothing: the patterns are module-level).
Run: .venv/bin/python bench/bench_parse.py
"""

from __future__ import annotations

import json
import time

from figures import Scorecard

from studio.core.prompts.parse import read_storyboard

SHOTS, RUNS, BAR_MS = 500, 5, 100.0
CAMERAS = ("超广角航拍镜头", "中景，缓慢推近", "特写，手持跟拍", "低角度仰拍，缓慢拉远")


def markdown() -> str:
    lines = ["好的，这是分镜：", "", "【核心风格】", "电影级写实，暖金色调", "",
             "【画面比例】", "16:9", "", "【镜头序列描述】", ""]
    for i in range(1, SHOTS + 1):
        lines += [f"**{i}. 段落{i}：海边的第{i}个清晨（{3 + i % 5}秒）**",
                  f"* **镜头**：{CAMERAS[i % 4]}。金色的阳光洒在海面上，渔船{i}号缓缓出港。",
                  f"* **时长**：{3 + i % 5}秒", ""]
    lines += ["【氛围与细节关键词】", "温暖、海风、渔港", "", "【配乐建议】", "弦乐与钢琴", "",
              "希望对你有帮助！"]
    return "\n".join(lines)


def table() -> str:
    rows = ["| Shot | Camera | Action | Duration | Sound |", "|---|---|---|---|---|"]
    rows += [f"| {i} | {CAMERAS[i % 4]} | A runner crosses rooftop {i} at dawn | {3 + i % 5}s | "
             f"wind |" for i in range(1, SHOTS + 1)]
    return "Style: commercial\nAspect ratio: 9:16\n\n" + "\n".join(rows) + "\n\nMusic: trap\n"


def as_json() -> str:
    shots = [{"title": f"Beat {i}", "camera": CAMERAS[i % 4], "duration": 3 + i % 5,
              "description": f"The lighthouse beam finds boat {i} in the rain."}
             for i in range(1, SHOTS + 1)]
    body = json.dumps({"title": "Lights", "style": "noir", "aspect_ratio": "16:9",
                       "shots": shots}, ensure_ascii=False, indent=2)
    return f"Here it is:\n```json\n{body}\n```\n"


def best_ms(text: str) -> float:
    best = float("inf")
    for _ in range(RUNS):
        start = time.perf_counter()
        reading = read_storyboard(text)
        best = min(best, (time.perf_counter() - start) * 1000)
    if len(reading.project.shots) != SHOTS:
        raise SystemExit(f"read {len(reading.project.shots)} shots, expected {SHOTS}")
    return best


def main() -> int:
    card = Scorecard()
    md = markdown()
    for name, text in (("markdown with sections", md),
                       ("the same, newlines lost", md.replace("\n", " ")),
                       ("markdown table", table()), ("JSON block", as_json())):
        card.check(f"500-shot paste, {name}", best_ms(text), BAR_MS,
                   detail=f"{len(text):,} characters")
    return card.finish()


if __name__ == "__main__":
    raise SystemExit(main())
