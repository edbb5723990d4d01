"""Build the bundled sample project (Chinese primary, English twin) from the data below.

The samples are what a newcomer opens first, so they are generated, not hand-edited: run
``python scripts/make_samples.py`` after changing the text, and commit both files. Shot ids
are fixed ("s1".."s7") so the output is byte-for-byte reproducible.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from studio.core.model import Language, Look, Project, Shot, Strategy  # noqa: E402

OUT_DIR = ROOT / "resources" / "samples"
FORMAT = "sora-studio-project"
SCHEMA_VERSION = 2

# (title, camera, description, notes) per shot, in film order.
ZH_SHOTS = [
    (
        "海上日出",
        "低机位缓慢推进",
        "黎明时分，海平线泛起橙红色的光，太阳一点点跃出海面；近处礁石上，一面红旗迎着海风"
        "猎猎飘扬，旗面被逆光勾出一道金边。",
        "音效：海浪轻拍礁石，旗帜在风中噼啪作响。",
    ),
    (
        "浪击石像",
        "固定机位，慢动作",
        "巨浪拍打在海边古老石像的基座上，白色浪花在晨光里炸开，水珠缓缓坠落；"
        "石像面容沉静，身上带着岁月与海盐的痕迹。",
        "浪花最高处停顿半拍，再恢复正常速度。",
    ),
    (
        "石像航拍",
        "无人机环绕上升",
        "无人机绕石像一周并逐渐升高，越过石像的肩头，露出整座海岛：蜿蜒的海岸线、"
        "白墙红瓦的村落，以及港湾里挂满彩旗的渔船。",
        "",
    ),
    (
        "庙前香火",
        "缓慢横摇至中景",
        "海边庙宇前香烟袅袅，祖母、父亲与小孙女三代人并肩举香祭拜，阳光穿过烟雾化作一道道"
        "光束；小女孩悄悄抬头看向祖母，祖母回以微笑。",
        "人物为虚构群像，不指向任何真实人物。",
    ),
    (
        "金色沙滩",
        "手持跟拍",
        "午后的金色沙滩上，孩子们赤脚奔跑，放飞鱼形与龙形风筝；彩色风筝在湛蓝的天空下翻飞，"
        "浪花一次次卷到脚边。",
        "音效：孩子的笑声、风筝线的嗡鸣。",
    ),
    (
        "灯笼巡游",
        "侧向轨道跟拍，缓慢推进",
        "黄昏，海岸公路上红灯笼连成长龙，舞龙队伍与提灯的人群缓缓前行，锣鼓喧天；"
        "海面倒映着点点灯火，远处天边还留着一抹晚霞。",
        "",
    ),
    (
        "烟花夜岛",
        "摇臂升起至大远景",
        "夜幕降临，烟花在海岛上空接连绽放，整座岛屿灯火通明，烟花倒映在平静的海面；"
        "镜头缓缓升起，定格在灯火与星空之间。",
        "结尾画面停留两拍后淡出。",
    ),
]

EN_SHOTS = [
    (
        "Dawn over the sea",
        "Low-angle slow push in",
        "At first light the horizon glows orange-red and the sun climbs out of the sea; on a "
        "rock in the foreground a red flag snaps in the sea wind, its edge rimmed with gold "
        "by the backlight.",
        "Sound: soft waves on the rocks, the flag cracking in the wind.",
    ),
    (
        "Waves against the stone statue",
        "Locked-off camera, slow motion",
        "A big wave breaks on the base of an ancient stone statue by the shore; white spray "
        "bursts in the morning light and droplets fall slowly. The statue's face is calm, "
        "weathered by years of salt and wind.",
        "Hold half a beat at the crest of the spray, then return to normal speed.",
    ),
    (
        "Drone orbit up the statue",
        "Drone orbit, rising",
        "The drone circles the statue once while climbing, clears its shoulder and reveals "
        "the whole island: a winding coastline, a village of white walls and red roofs, and "
        "fishing boats dressed in festival flags in the harbour.",
        "",
    ),
    (
        "Incense at the temple",
        "Slow pan into a medium shot",
        "Incense smoke curls in front of a seaside temple; a grandmother, a father and a "
        "little granddaughter, three generations side by side, raise incense sticks. "
        "Sunbeams cut through the smoke; the girl glances up at her grandmother, who smiles.",
        "Fictional people, not depicting any real person.",
    ),
    (
        "Kites on the golden beach",
        "Handheld tracking shot",
        "On the golden afternoon beach children run barefoot, flying fish- and dragon-shaped "
        "kites; bright kites tumble against a deep blue sky while the surf rolls up to "
        "their feet.",
        "Sound: children's laughter, the hum of kite strings.",
    ),
    (
        "Lantern parade on the coast road",
        "Lateral dolly, slow push in",
        "At dusk a long chain of red lanterns winds along the coast road; a dragon-dance team "
        "and lantern-carrying crowds move slowly forward to gongs and drums, the sea "
        "reflecting their lights under the last glow of sunset.",
        "",
    ),
    (
        "Fireworks over the island",
        "Crane up to an extreme wide shot",
        "Night falls and fireworks burst one after another above the island; every street is "
        "lit and the fireworks shimmer on the calm sea. The camera rises slowly and settles "
        "between the island lights and the stars.",
        "Hold the final frame for two beats, then fade out.",
    ),
]

ZH_LOOK = {
    "style": "电影感纪实风格，35mm 胶片质感，自然光为主，色彩温暖饱满，带轻微颗粒；"
    "镜头运动平稳克制，构图干净，留有呼吸感。",
    "continuity": "同一座海岛的同一天：从黎明的冷蓝、正午的金色到夜晚的灯火；海边石像、"
    "红旗与灯笼在各镜头中外观一致；画面中不出现文字和字幕。",
    "atmosphere": "温暖、热闹而庄重：海风与香火交织，节日的喜悦里带着对家乡与先人的敬意。",
    "keywords": [
        "海岛", "节日", "日出", "红旗", "石像", "航拍", "香火", "三代同堂",
        "风筝", "灯笼巡游", "烟花", "电影感",
    ],
    "music": "以海浪与风声开场，古筝与竹笛引出主旋律；庙前段落加入低沉的钟声与人声吟唱，"
    "海滩段落轻快明亮；巡游时锣鼓渐强，烟花绽放时弦乐推向高潮，最后收于海浪声。",
}  # fmt: skip

EN_LOOK = {
    "style": "Cinematic documentary look, 35mm film texture, mostly natural light, warm and "
    "rich colour with a light grain; calm, restrained camera moves, clean compositions "
    "with room to breathe.",
    "continuity": "One island, one day: from the cold blue of dawn through golden noon to "
    "the lights of night; the seaside statue, the red flag and the lanterns look the same "
    "in every shot; no on-screen text or subtitles.",
    "atmosphere": "Warm, festive and reverent: sea wind mingles with incense smoke, the joy "
    "of the holiday carries respect for home and ancestors.",
    "keywords": [
        "island", "festival", "sunrise", "red flag", "stone statue", "drone shot", "incense",
        "three generations", "kites", "lantern parade", "fireworks", "cinematic",
    ],
    "music": "Open on waves and wind; guzheng and bamboo flute bring in the main theme; a "
    "low temple bell and soft chanting at the temple, light and bright on the beach; gongs "
    "and drums build through the parade, strings swell to a climax with the fireworks, "
    "then fade back into the sound of the waves.",
}  # fmt: skip


def build(language: Language) -> Project:
    """The sample project in one language, with fixed shot ids."""
    zh = language is Language.ZH
    shots = ZH_SHOTS if zh else EN_SHOTS
    look = ZH_LOOK if zh else EN_LOOK
    return Project(
        id=f"festival-island-{language.value}",  # opened as an untitled copy: a new id then
        title="海岛节日" if zh else "Island Festival Day",
        language=language,
        look=Look(
            size="1280x720",
            model="animatic",
            provider="local",
            strategy=Strategy.PER_SHOT,
            **look,
        ),
        shots=[
            Shot(id=f"s{i}", title=t, camera=c, description=d, notes=n, duration=4)
            for i, (t, c, d, n) in enumerate(shots, 1)
        ],
    )


def envelope(project: Project) -> str:
    """The project file text: the storage layer's envelope, UTF-8 JSON, stable layout."""
    data = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "project": project.model_dump(mode="json"),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for language in (Language.ZH, Language.EN):
        path = OUT_DIR / f"festival-island.{language.value}.sorastudio"
        path.write_text(envelope(build(language)), encoding="utf-8")
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
