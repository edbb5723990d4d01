"""The words storyboards are written with, per language, as data.

Labels map what people and chat models write before a colon, inside 【】 or as a heading
("风格", "核心风格", "Visual style", "Music suggestion") to the field they fill. Table
headers and JSON keys have their own, wider maps because a column named "Shot" or a key
named "scene" means something else there. Everything is matched casefolded, with runs of
spaces, underscores and hyphens read as one space.
"""

from __future__ import annotations

import re

ZH_LABELS: dict[str, tuple[str, ...]] = {
    "title": ("标题", "片名", "名称", "题目", "影片名", "短片名", "作品名"),
    "style": ("风格", "画风", "视觉风格", "整体风格", "影像风格", "美术风格", "核心风格",
              "风格基调", "画面风格", "影片风格", "艺术风格", "风格设定", "整体视觉风格",
              "视觉基调", "色调", "色彩", "画面色调", "整体色调", "视觉设定"),
    "aspect": ("画幅", "比例", "画面比例", "宽高比", "画幅比例", "尺寸", "分辨率", "横竖屏",
               "视频比例", "画面尺寸", "视频尺寸", "屏幕比例"),
    "continuity": ("连贯性", "连续性", "一致性", "整体说明", "全局说明", "注意事项",
                   "人物设定", "角色设定", "统一设定"),
    "previously": ("上一镜头", "前一镜头", "前情", "承接"),
    "shots": ("分镜", "分镜头", "分镜脚本", "镜头列表", "镜头脚本", "镜头序列描述", "镜头序列",
              "分镜列表", "分镜设计", "分镜表", "镜头设计", "分镜描述", "镜头描述", "分镜内容"),
    "shot": ("本镜头", "当前镜头"),
    "camera": ("镜头", "运镜", "机位", "镜头运动", "景别", "摄影", "摄像机", "镜头语言", "拍摄手法",
               "运镜方式", "镜头类型", "拍摄角度", "角度", "景别与运镜", "运镜与景别"),
    "description": ("画面", "内容", "描述", "画面描述", "动作", "情节", "场景", "画面内容",
                    "提示词", "画面提示词", "场景描述", "镜头内容", "动作描述"),
    "characters": ("角色", "人物", "出场人物", "出场角色"),
    "notes": ("备注", "注释", "说明", "提示", "注意", "台词", "对白", "旁白", "字幕"),
    "sound": ("音效", "声音", "音频", "声效", "同期声", "声音设计"),
    "atmosphere": ("氛围", "气氛", "情绪", "基调", "意境", "情感基调", "整体氛围"),
    "keywords": ("关键词", "关键字", "标签", "氛围与细节关键词", "细节关键词", "关键元素",
                 "元素", "氛围关键词", "风格关键词"),
    "music": ("音乐", "配乐", "背景音乐", "配乐建议", "音乐建议", "音乐风格", "背景音乐建议"),
    "duration": ("时长", "时间", "持续时间", "秒数", "镜头时长"),
}  # fmt: skip

EN_LABELS: dict[str, tuple[str, ...]] = {
    "title": ("title", "film title", "project", "project title", "name", "concept"),
    "style": ("style", "visual style", "look", "art style", "aesthetic", "core style",
              "overall style", "overall look", "visual look", "look and feel", "look & feel",
              "art direction", "visual tone", "color palette", "colour palette", "palette",
              "color grade", "grade", "visuals style", "style notes"),
    "aspect": ("aspect", "aspect ratio", "ratio", "size", "format", "resolution", "frame",
               "orientation", "frame size"),
    "continuity": ("continuity", "continuity notes", "consistency", "overall",
                   "character notes", "characters notes"),
    "previously": ("previously", "previous shot"),
    "shots": ("shots", "shot list", "storyboard", "scenes", "sequence", "shot sequence",
              "scene breakdown", "shot breakdown", "shot by shot", "the shots"),
    "shot": ("shot", "this shot"),
    "camera": ("camera", "camera move", "camera movement", "camera motion", "shot type",
               "lens", "framing", "angle", "movement", "camera angle", "shot size"),
    "description": ("description", "action", "visual", "visuals", "scene", "what we see",
                    "picture", "content", "details", "prompt", "image", "on screen"),
    "characters": ("characters", "character", "cast"),
    "notes": ("notes", "note", "remarks", "comment", "dialogue", "voiceover", "vo",
              "caption", "text on screen"),
    "sound": ("sound", "audio", "sfx", "sound effects", "sound design"),
    "atmosphere": ("atmosphere", "mood", "tone", "ambience", "ambiance", "vibe", "feeling"),
    "keywords": ("keywords", "key words", "tags", "atmosphere & keywords",
                 "atmosphere and keywords", "key elements", "elements", "mood keywords"),
    "music": ("bgm", "music", "soundtrack", "score", "music suggestion", "suggested music",
              "music cue", "music style"),
    "duration": ("duration", "length", "time", "timing", "seconds", "runtime"),
}  # fmt: skip

LABELS_BY_LANGUAGE = {"zh": ZH_LABELS, "en": EN_LABELS}

# Table headers and JSON keys: one map, wider than the labels ("Shot" is the number column).
COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "number": ("镜号", "序号", "编号", "镜头号", "场次", "#", "no", "no.", "number", "shot #",
               "shot no", "shot no.", "shot number", "scene", "index", "id", "镜头序号"),
    "title": ("标题", "镜头名称", "名称", "title", "name", "beat", "shot title"),
    "camera": ("景别", "运镜", "镜头运动", "机位", "镜头", "摄影", "运镜方式", "拍摄角度",
               "camera", "camera movement", "camera move", "shot type", "shot size", "angle",
               "movement", "framing", "lens", "camera angle"),
    "description": ("画面", "画面内容", "画面描述", "内容", "描述", "动作", "场景", "提示词",
                    "description", "action", "visual", "visuals", "what we see", "prompt",
                    "scene description", "content", "details", "image"),
    "duration": ("时长", "时间", "秒数", "时间码", "duration", "length", "time", "timing",
                 "seconds", "timecode", "secs"),
    "notes": ("音效", "声音", "台词", "对白", "旁白", "字幕", "备注", "音乐", "配乐",
              "sound", "audio", "sfx", "dialogue", "voiceover", "vo", "notes", "note",
              "music", "caption", "text"),
}  # fmt: skip

# Keys of a JSON storyboard's film-level fields and its list of shots.
JSON_FILM_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "project", "name", "film", "标题", "片名"),
    "style": ("style", "visual style", "look", "art style", "风格", "视觉风格", "整体风格"),
    "aspect": ("aspect", "aspect ratio", "ratio", "size", "format", "画幅", "比例", "画面比例"),
    "music": ("music", "soundtrack", "score", "bgm", "音乐", "配乐", "背景音乐"),
    "atmosphere": ("atmosphere", "mood", "tone", "氛围", "基调"),
    "keywords": ("keywords", "tags", "关键词"),
    "continuity": ("continuity", "notes", "连贯性", "备注"),
    "shots": ("shots", "scenes", "storyboard", "shot list", "clips", "cards", "sequence",
              "分镜", "镜头", "镜头列表", "分镜列表"),
}  # fmt: skip

# Openers and closers chat models wrap a storyboard in; never film text.
_CHATTER_OPENERS = (
    r"(?:好的|好呀|当然|没问题|以下是|下面是|这是|这里是|为你|为您|我为你|我为您|希望|如需|如果你|"
    r"如果您|以上|需要我|可以根据|你可以|您可以|祝|"
    r"sure\b|absolutely\b|great\b|of course\b|certainly\b|here'?s\b|here is\b|here are\b|"
    r"below\b|hope\b|i hope\b|let me know\b|would you like\b|want me\b|feel free\b|"
    r"happy to\b|i've\b|i have\b|if you\b|do you want\b|enjoy\b)"
)
CHATTER = re.compile("^" + _CHATTER_OPENERS, re.I)
CHATTER_AT = re.compile(_CHATTER_OPENERS, re.I)  # for Pattern.match(text, pos)

# Words of camera language: a numbered line's head made of these is its camera, not a title.
CAMERA_WORDS = re.compile(
    r"特写|近景|中景|全景|远景|航拍|推近|拉远|横移|跟拍|俯拍|仰拍|固定机位|手持|环绕|"
    r"\b(?:wide|close-?up|medium|static|push(?:es)? in|pan|tilt|dolly|tracking|aerial|drone|"
    r"slow[- ]motion|handheld|overhead|pov|zoom|orbit|crane|locked[- ]off|macro|shot|"
    r"over[- ]the[- ]shoulder|establishing|low[- ]angle|high[- ]angle|top[- ]down)\b",
    re.I,
)


def norm(label: str) -> str:
    """A label as looked up: casefolded, emphasis and spacing collapsed."""
    text = label.strip("*_ \t").casefold().replace("_", " ").replace("-", " ")
    return " ".join(text.split())


def _table(groups: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {norm(word): key for key, words in groups.items() for word in words}


LABELS: dict[str, str] = {**_table(EN_LABELS), **_table(ZH_LABELS)}
COLUMNS: dict[str, str] = _table(COLUMN_WORDS)
FILM_KEYS: dict[str, str] = _table(JSON_FILM_KEYS)
