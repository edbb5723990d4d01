<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../studio/ui/about_dialog.py" line="+46"/>
        <source>About Sora Studio</source>
        <translation>关于 Sora Studio</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>&lt;h2&gt;Sora Studio {version}&lt;/h2&gt;&lt;p&gt;Storyboard, generate, watch and export short films with any Videos-API (Sora 2 protocol) provider — or with the built-in local animatic, no key needed.&lt;/p&gt;&lt;p&gt;Your work stays in files you own.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Sora Studio {version}&lt;/h2&gt;&lt;p&gt;分镜、生成、观看并导出短片，可使用任何支持 Videos API（Sora 2 协议）的服务商，也可使用内置的本地动态分镜，无需密钥。&lt;/p&gt;&lt;p&gt;你的作品保存在你自己的文件中。&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Bundled parts and their licences</source>
        <translation>内置组件及其许可证</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Part</source>
        <translation>组件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Version</source>
        <translation>版本号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>FFmpeg (inside PyAV)</source>
        <translation>FFmpeg（PyAV 内置）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>FFmpeg (inside Qt Multimedia)</source>
        <translation>FFmpeg（Qt Multimedia 内置）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chinese font (animatic cards)</source>
        <translation>中文字体（动态分镜字卡）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This FFmpeg build also links {libs} (GPL-2.0-or-later).</source>
        <translation>此 FFmpeg 版本还链接了 {libs}（GPL-2.0-or-later）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Found on this system, not bundled: {path}</source>
        <translation>在本系统中找到，未内置：{path}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>None found: Chinese text on animatic cards cannot be drawn. Install Noto Sans CJK.</source>
        <translation>未找到：动态分镜字卡上的中文无法绘制。请安装 Noto Sans CJK。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Folders</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Data (jobs, local provider, recovery):</source>
        <translation>数据（任务、本地服务商、恢复）：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings:</source>
        <translation>设置：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cache (thumbnails, loudness):</source>
        <translation>缓存（缩略图、响度）：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show this folder in the file manager</source>
        <translation>在文件管理器中显示此文件夹</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Logs go to standard error: start sora-studio from a terminal to see them (SORA_STUDIO_LOG=DEBUG for more).</source>
        <translation>日志输出到标准错误：从终端启动 sora-studio 即可看到（设置 SORA_STUDIO_LOG=DEBUG 可查看更多）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Logs:</source>
        <translation>日志：</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>It cannot be made: {reason}</source>
        <translation>无法创建：{reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No file manager is set up to open folders.</source>
        <translation>没有设置用于打开文件夹的文件管理器。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folder not opened</source>
        <translation>未打开文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path} was not opened. {reason}</source>
        <translation>未打开 {path}。{reason}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>About</source>
        <translation>关于</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <location filename="../../build/translations/helper_messages.py" line="+4"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Playback</source>
        <translation>播放(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start an empty project</source>
        <translation>新建一个空项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a project file</source>
        <translation>打开项目文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open &amp;Sample</source>
        <translation>打开示例(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the festival-island sample project</source>
        <translation>打开“节日海岛”示例项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Import Storyboard…</source>
        <translation>导入分镜(&amp;I)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read a storyboard from a text or Markdown file, then review it</source>
        <translation>从文本或 Markdown 文件读取分镜，然后审阅</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the project under a new name</source>
        <translation>以新名称保存项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export the cut as an MP4, with its clips, subtitles and more</source>
        <translation>将成片导出为 MP4，并可附带各镜头片段、字幕等</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import &amp;Bundle…</source>
        <translation>导入项目包(&amp;B)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a project bundle (a .zip of a project and its media) in a new folder</source>
        <translation>在新文件夹中打开项目包（含项目及其媒体的 .zip）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Provider profiles and preferences</source>
        <translation>服务商配置与偏好设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit Sora Studio</source>
        <translation>退出 Sora Studio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paste S&amp;toryboard</source>
        <translation>粘贴分镜(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read the clipboard&apos;s text as a storyboard, then review it</source>
        <translation>将剪贴板中的文字读取为分镜，然后审阅</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&amp;raft Storyboard from an Idea…</source>
        <translation>根据创意起草分镜(&amp;R)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask the storyboard assistant for shots from an idea, then review them</source>
        <translation>请分镜助手根据创意生成镜头，然后审阅</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Improve This Shot…</source>
        <translation>改进此镜头(&amp;I)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask the storyboard assistant for a better camera and action, shown beside the shot</source>
        <translation>请分镜助手给出更好的运镜和动作，与当前镜头并排显示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;haracters…</source>
        <translation>角色(&amp;H)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create, edit, register, import and export Cameo characters</source>
        <translation>创建、编辑、注册、导入和导出 Cameo 角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add Shot</source>
        <translation>添加镜头(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a shot after the selection</source>
        <translation>在所选镜头之后添加一个镜头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Duplicate</source>
        <translation>复制镜头(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate the selected shots</source>
        <translation>复制所选镜头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;plit</source>
        <translation>拆分(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split the selected shot in two halves</source>
        <translation>将所选镜头一分为二</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>De&amp;lete</source>
        <translation>删除(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the selected shots</source>
        <translation>删除所选镜头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select every shot</source>
        <translation>选择所有镜头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Generate Shot</source>
        <translation>生成镜头(&amp;G)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generate a new take of the selected shots</source>
        <translation>为所选镜头生成新版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generate &amp;All Shots</source>
        <translation>生成全部镜头(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generate a new take of every shot, one clip per shot</source>
        <translation>为每个镜头生成新版本，每个镜头一个片段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generate &amp;One-Take Film</source>
        <translation>生成一镜到底影片(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generate the whole storyboard as one clip</source>
        <translation>将整个分镜生成为一个片段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Remix…</source>
        <translation>重混(&amp;R)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remake the selected take with a changed prompt</source>
        <translation>用修改后的提示词重新制作所选版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit…</source>
        <translation>修改(&amp;E)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit the selected take with a prompt</source>
        <translation>用提示词修改所选版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xtend…</source>
        <translation>延长(&amp;X)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue the selected take</source>
        <translation>接着所选版本继续生成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cancel Job</source>
        <translation>取消任务(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop working on the selected job</source>
        <translation>停止处理所选任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;try Job</source>
        <translation>重试任务(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send the selected failed job again</source>
        <translation>重新发送所选的失败任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play the &amp;Cut</source>
        <translation>播放成片(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play the chosen takes of all shots in order</source>
        <translation>按顺序播放所有镜头的选定版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Sora Studio</source>
        <translation>关于 Sora Studio(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About this application</source>
        <translation>关于本应用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../studio/ui/app.py" line="+112"/>
        <source>Start-up</source>
        <extracomment>A debug switch: the modules loaded at the first frame are written to this file and the app quits (tests/ui/test_startup_imports.py checks that nothing heavy came before it). How long a thread may hold the GIL while another waits for it (Python&apos;s default: 5 ms). A worker saving, reading or encoding holds it in turns of this length, and every Qt slot, event filter or paint of ours waits up to one turn to run (a repaint calls into Python dozens of times): at 5 ms a save made the GUI thread wait ~10-12 ms per callback (p90), at 1 ms ~5 ms; at 0.2 ms a 500-shot save&apos;s worst stall went from 15-24 ms to 13-14 ms, with the generation bench unchanged (worst 27 ms, p99 7.8 ms).</extracomment>
        <translation>启动</translation>
    </message>
    <message>
        <location line="+130"/>
        <source>{what} failed: {reason}</source>
        <translation>{what}失败：{reason}</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Settings ignored: {reason}</source>
        <translation>已忽略设置：{reason}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Storyboard tools</source>
        <extracomment>What the storyboard tools import (the local server&apos;s aiohttp among it), loaded off the GUI thread by :func:`finish_window`.</extracomment>
        <translation>分镜工具</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>This shot has no finished take yet.</source>
        <translation>此镜头还没有已完成的版本。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Generation unavailable: {reason}</source>
        <translation>生成功能不可用：{reason}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
</context>
<context>
    <name>AssistantController</name>
    <message>
        <location filename="../../studio/ui/assistant_dialog.py" line="+283"/>
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Storyboard assistant</source>
        <translation>分镜助手</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Improve shot</source>
        <translation>改进镜头</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The local assistant is not running yet; try again in a moment.</source>
        <translation>本地助手尚未启动，请稍后再试。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The assistant has no API key: set {env} or keep one in the keyring.</source>
        <translation>助手没有 API 密钥：请设置 {env}，或在密钥环中保存一个。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The assistant&apos;s key cannot be read: {reason}</source>
        <translation>无法读取助手的密钥：{reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing was changed.</source>
        <translation>未做任何更改。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The assistant&apos;s answer was not valid JSON.</source>
        <translation>助手的回答不是有效的 JSON。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The assistant&apos;s answer was cut off before its end.</source>
        <translation>助手的回答在结束前被截断了。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The assistant&apos;s answer does not fit the storyboard form ({detail}).</source>
        <translation>助手的回答不符合分镜格式（{detail}）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The assistant declined to answer.</source>
        <translation>助手拒绝回答。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The assistant&apos;s answer was empty.</source>
        <translation>助手的回答为空。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The assistant refused the API key.</source>
        <translation>助手拒绝了该 API 密钥。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The assistant cannot be reached ({detail}).</source>
        <translation>无法连接助手（{detail}）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The assistant took too long to answer.</source>
        <translation>助手响应超时。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The assistant answered with an error (HTTP {status}).</source>
        <translation>助手返回了错误（HTTP {status}）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The assistant failed: {detail}</source>
        <translation>助手出错：{detail}</translation>
    </message>
</context>
<context>
    <name>AssistantDialog</name>
    <message>
        <location line="-277"/>
        <source>Draft a storyboard from an idea</source>
        <translation>根据创意起草分镜</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Improve this shot</source>
        <translation>改进此镜头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Structure the storyboard with the assistant</source>
        <translation>用助手整理分镜结构</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Local template filler (offline, no key)</source>
        <translation>本地模板填充（离线，无需密钥）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DeepSeek (key from DEEPSEEK_API_KEY or the keyring)</source>
        <translation>DeepSeek（密钥取自 DEEPSEEK_API_KEY 或密钥环）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>OpenAI (key from OPENAI_API_KEY or the keyring)</source>
        <translation>OpenAI（密钥取自 OPENAI_API_KEY 或密钥环）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What happens, who is in it, where</source>
        <translation>发生了什么、有谁、在哪里</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. watercolour animation, warm light</source>
        <translation>例如：水彩动画，暖光</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Idea</source>
        <translation>创意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target length</source>
        <translation>目标时长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Style</source>
        <translation>风格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aspect</source>
        <translation>画幅</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shots</source>
        <translation>镜头</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Now and suggested</source>
        <translation>当前与建议</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Now</source>
        <translation>当前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Suggested</source>
        <translation>建议</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Camera</source>
        <translation>运镜</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>动作</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Draft</source>
        <translation>起草</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ask</source>
        <translation>提问</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Structure</source>
        <translation>整理</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Accept</source>
        <translation>采纳</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Asking the assistant…</source>
        <translation>正在询问助手…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Receiving the answer: {chars} characters</source>
        <translation>正在接收回答：{chars} 个字符</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Accept the suggestion, ask again, or cancel.</source>
        <translation>采纳建议、重新提问或取消。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cancelled; nothing was changed.</source>
        <translation>已取消，未做任何更改。</translation>
    </message>
</context>
<context>
    <name>CharactersDialog</name>
    <message>
        <location filename="../../studio/ui/characters_dialog.py" line="+150"/>
        <location line="+268"/>
        <source>Cameo Characters</source>
        <extracomment>Registers a character with the provider from a clip file; returns the stored character.</extracomment>
        <translation>Cameo 角色</translation>
    </message>
    <message>
        <location line="-259"/>
        <source>mei (written @mei in prompts)</source>
        <translation>mei（在提示词中写作 @mei）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Appearance and voice, as a prompt says it</source>
        <translation>外貌和声音，按提示词的写法描述</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only me</source>
        <translation>仅限本人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>People I approve</source>
        <translation>我批准的人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Anyone</source>
        <translation>任何人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is me, or the person shown agreed to be a character in generated videos</source>
        <translation>这是我本人，或画面中的人已同意在生成的视频中作为角色出现</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Consent withdrawn (no new videos with this character)</source>
        <translation>已撤回同意（不再用此角色生成新视频）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Register from a Clip…</source>
        <translation>从片段注册(&amp;R)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send a short clip of this person to the provider, so videos can show them</source>
        <translation>将此人的一段短片发送给服务商，以便在视频中呈现此人</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Handle</source>
        <translation>代号(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Description</source>
        <translation>描述(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Who may use it</source>
        <translation>谁可以使用</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>De&amp;lete</source>
        <translation>删除(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Read characters</source>
        <translation>读取角色</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Save the character first.</source>
        <translation>请先保存角色。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Available once the generation services have started.</source>
        <translation>生成服务启动后可用。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Needs the person’s consent on record.</source>
        <translation>需要记录在案的本人同意。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Consent was withdrawn.</source>
        <translation>同意已撤回。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Registered with: {providers}</source>
        <translation>已注册到：{providers}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not registered yet.</source>
        <translation>尚未注册。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>A character needs the person’s consent: tick the consent box.</source>
        <translation>角色需要本人同意：请勾选同意框。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>A character needs a name and a handle of letters, digits, &apos;.&apos;, &apos;-&apos; or &apos;_&apos;.</source>
        <translation>角色需要名称，以及由字母、数字、“.”、“-”或“_”组成的代号。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Save character</source>
        <translation>保存角色</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Delete character</source>
        <translation>删除角色</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+18"/>
        <source>Import characters</source>
        <translation>导入角色</translation>
    </message>
    <message>
        <location line="-17"/>
        <location line="+22"/>
        <source>Character archives (*.zip)</source>
        <translation>角色归档 (*.zip)</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Nothing was imported: the archive was refused ({reason}).</source>
        <translation>未导入任何内容：归档被拒绝（{reason}）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Imported: {added}. Already in the library: {skipped}.</source>
        <translation>已导入：{added}。已在库中：{skipped}。</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+13"/>
        <source>Export characters</source>
        <translation>导出角色</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A short clip of {name}</source>
        <translation>{name} 的一段短片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MP4 videos (*.mp4)</source>
        <translation>MP4 视频 (*.mp4)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Not registered: the provider gets a person only with their consent on record, not withdrawn.</source>
        <translation>未注册：只有在本人同意已记录且未撤回时，才会将其发送给服务商。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not registered: {reason}</source>
        <translation>未注册：{reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sending the clip to the provider…</source>
        <translation>正在将片段发送给服务商…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Register character</source>
        <translation>注册角色</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>@{handle} is taken by another character.</source>
        <translation>@{handle} 已被另一个角色使用。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The library refused this: {reason}</source>
        <translation>角色库拒绝了此操作：{reason}</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <location filename="../../build/translations/helper_messages.py" line="+1"/>
        <source>Add take</source>
        <translation>添加版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose take</source>
        <translation>选定版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Edit {field}</source>
        <translation>编辑{field}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/commands.py" line="+54"/>
        <source>title</source>
        <extracomment>The field names ``Edit {field}`` shows (undo menu), marked for lupdate: they reach ``_tr`` as ``field.replace(&quot;_&quot;, &quot; &quot;)``, which no extractor can read.</extracomment>
        <translation>标题</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>camera</source>
        <translation>运镜</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reference</source>
        <translation>参考图</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>characters</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>trim in</source>
        <translation>入点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>trim out</source>
        <translation>出点</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>style</source>
        <translation>风格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>strategy</source>
        <translation>生成方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>atmosphere</source>
        <translation>氛围</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>keywords</source>
        <translation>关键词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>music</source>
        <translation>音乐</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>continuity</source>
        <translation>连贯性</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <location filename="../../studio/ui/consent_dialog.py" line="+36"/>
        <source>Use this reference image?</source>
        <translation>使用这张参考图吗？</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Fitted to {width}×{height}, sent without any metadata (no location, camera or comments).</source>
        <translation>已适配为 {width}×{height}，发送时不带任何元数据（无位置、相机或注释信息）。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>I hold the rights to use this image.</source>
        <translation>我拥有使用这张图片的权利。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every real person shown in it is me, or has agreed to appear in a generated video.</source>
        <translation>图中出现的每个真实人物都是我本人，或已同意出现在生成的视频中。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>I accept the provider’s terms for uploaded images.</source>
        <translation>我接受服务商关于上传图片的条款。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Use image</source>
        <translation>使用图片(&amp;U)</translation>
    </message>
</context>
<context>
    <name>Continuity</name>
    <message>
        <location filename="../../build/translations/helper_messages.py" line="+1"/>
        <source>The first shot has no previous shot to continue from.</source>
        <translation>第一个镜头之前没有可以衔接的镜头。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shot {shot} has no finished take to continue from yet.</source>
        <translation>镜头 {shot} 还没有可衔接的已完成版本。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shot {shot}&apos;s take cannot be read; generate or choose another take.</source>
        <translation>无法读取镜头 {shot} 的版本，请重新生成或选择其他版本。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{model} cannot extend a video; use the last frame instead.</source>
        <translation>{model} 不能延长视频，请改用最后一帧。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shot {shot}&apos;s take was not generated here, so it cannot be extended.</source>
        <translation>镜头 {shot} 的版本不是在这里生成的，因此无法延长。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shot {shot}&apos;s take has been extended {limit} times, the most {model} allows.</source>
        <translation>镜头 {shot} 的版本已延长 {limit} 次，达到 {model} 允许的上限。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The extended video would last {total} s; {model} makes at most {longest} s.</source>
        <translation>延长后的视频将长达 {total} 秒，而 {model} 最多生成 {longest} 秒。</translation>
    </message>
</context>
<context>
    <name>ContinuityRow</name>
    <message>
        <location filename="../../studio/ui/continuity.py" line="+78"/>
        <source>Cut (start fresh)</source>
        <extracomment>shot id: extend the previous shot&apos;s take with this shot&apos;s prompt</extracomment>
        <translation>硬切（重新开始）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue from the last frame</source>
        <translation>从最后一帧继续</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extend the previous take</source>
        <translation>延长上一镜头的版本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How this shot carries on from the previous one; generating the shot follows it and it is saved with the project</source>
        <translation>此镜头如何衔接上一个镜头；生成镜头时按此方式进行，并随项目保存</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use Last Frame</source>
        <translation>使用最后一帧</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Make the previous shot&apos;s last frame this shot&apos;s reference image (you confirm the consent statements first)</source>
        <translation>将上一个镜头的最后一帧作为此镜头的参考图（需先确认同意声明）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Extend Previous Take</source>
        <translation>延长上一镜头</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Generate this shot by extending the previous shot&apos;s take with this shot&apos;s prompt, where the model can extend videos</source>
        <translation>在模型支持延长视频时，用此镜头的提示词延长上一个镜头的版本来生成此镜头</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Cannot continue from the previous shot</source>
        <translation>无法衔接上一个镜头</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Read the previous shot&apos;s last frame</source>
        <translation>读取上一个镜头的最后一帧</translation>
    </message>
</context>
<context>
    <name>DeriveGestures</name>
    <message>
        <location filename="../../studio/ui/generation/derive.py" line="+37"/>
        <source>Only a finished take can be remixed, edited or extended.</source>
        <translation>只有已完成的版本才能重混、修改或延长。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>{model} cannot remix a video.</source>
        <translation>{model} 不能重混视频。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{model} cannot edit a video.</source>
        <translation>{model} 不能修改视频。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{model} cannot extend a video.</source>
        <translation>{model} 不能延长视频。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>New remix take</source>
        <translation>新的重混版本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New edit take</source>
        <translation>新的修改版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New extension take</source>
        <translation>新的延长版本</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Derive take</source>
        <translation>派生版本</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+12"/>
        <location line="+2"/>
        <source>Extend previous take</source>
        <translation>延长上一镜头</translation>
    </message>
</context>
<context>
    <name>DerivePromptDialog</name>
    <message>
        <location filename="../../studio/ui/generation/dialogs.py" line="+59"/>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Prompt</source>
        <translation>提示词(&amp;P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../build/translations/helper_messages.py" line="+17"/>
        <source>Remix take</source>
        <translation>重混版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Describe the change; the provider remakes the clip with it.</source>
        <translation>描述要做的改变，服务商会据此重新制作片段。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remix</source>
        <translation>重混</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit take</source>
        <translation>修改版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Describe the edit to apply to this clip.</source>
        <translation>描述要对此片段做的修改。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit</source>
        <translation>修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extend take</source>
        <translation>延长版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Describe what happens next; the clip continues from its last frame.</source>
        <translation>描述接下来发生什么，片段将从最后一帧继续。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extend</source>
        <translation>延长</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../studio/ui/export_dialog.py" line="+83"/>
        <location line="+59"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="-48"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A dissolve (and a matching sound crossfade) at each join; 0 joins shots with a cut</source>
        <translation>在每个衔接处叠化（声音同步交叉淡化）；0 表示直接硬切</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>As the takes</source>
        <translation>与版本相同</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>1080p</source>
        <translation>1080p</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>720p</source>
        <translation>720p</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>480p</source>
        <translation>480p</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>720p, 24 fps</source>
        <translation>720p，24 帧/秒</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>720p, 30 fps</source>
        <translation>720p，30 帧/秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Note in the file that the video is AI-generated</source>
        <translation>在文件中注明视频由 AI 生成</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Even out loudness between shots</source>
        <translation>统一各镜头之间的响度</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Film:</source>
        <translation>影片：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Crossfade:</source>
        <translation>交叉淡化：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size and frame rate:</source>
        <translation>尺寸与帧率：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Also write, beside the film</source>
        <translation>同时在影片旁写出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Each shot’s clip (a folder)</source>
        <translation>每个镜头的片段（一个文件夹）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A contact sheet (PNG)</source>
        <translation>缩略图总览（PNG）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shot titles as subtitles (SRT)</source>
        <translation>镜头标题作为字幕（SRT）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The prompts (text)</source>
        <translation>提示词（文本）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A project bundle (zip of the project and its media)</source>
        <translation>项目包（项目及其媒体的 zip）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <location line="+38"/>
        <location line="+15"/>
        <source>Checking the takes…</source>
        <translation>正在检查版本…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Writing the film…</source>
        <translation>正在写出影片…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing each shot’s clip…</source>
        <translation>正在写出各镜头片段…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drawing the contact sheet…</source>
        <translation>正在绘制缩略图总览…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing the subtitles…</source>
        <translation>正在写出字幕…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing the prompts…</source>
        <translation>正在写出提示词…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Packing the project bundle…</source>
        <translation>正在打包项目…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Exported the film: {path}.</source>
        <translation>已导出影片：{path}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exported {n} files; the film is {path}.</source>
        <translation>已导出 {n} 个文件，影片为 {path}。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export the film</source>
        <translation>导出影片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4 视频 (*.mp4)</translation>
    </message>
    <message>
        <location filename="../../build/translations/helper_messages.py" line="-22"/>
        <source>Nothing was written: the storyboard has no shots with takes yet.</source>
        <translation>未写出任何内容：分镜中还没有带版本的镜头。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export cancelled; nothing was written.</source>
        <translation>导出已取消，未写出任何内容。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The export failed ({code}).</source>
        <translation>导出失败（{code}）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import a project bundle</source>
        <translation>导入项目包</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sora Studio bundles (*.zip);;All files (*)</source>
        <translation>Sora Studio 项目包 (*.zip);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import bundle</source>
        <translation>导入项目包</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>shot {n} “{title}”</source>
        <translation>镜头 {n}“{title}”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>shot {n}</source>
        <translation>镜头 {n}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing was written: {shot} has no finished chosen take. Choose a take for it (or generate one) and export again.</source>
        <translation>未写出任何内容：{shot}没有已完成的选定版本。请为它选择一个版本（或生成一个），然后重新导出。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing was written: the take of {shot} cannot be read; it may be missing or damaged. Choose another take or generate it again.</source>
        <translation>未写出任何内容：无法读取{shot}的版本，文件可能缺失或损坏。请选择其他版本或重新生成。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing was written: {path} could not be written ({detail}).</source>
        <translation>未写出任何内容：无法写入 {path}（{detail}）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} was not opened, and nothing was unpacked: {detail}.</source>
        <translation>未打开 {name}，也未解压任何文件：{detail}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bundle not imported</source>
        <translation>项目包未导入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exported {path}</source>
        <translation>已导出 {path}</translation>
    </message>
</context>
<context>
    <name>FileController</name>
    <message>
        <location filename="../../studio/ui/files.py" line="+64"/>
        <source>Open sample</source>
        <translation>打开示例</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+10"/>
        <location line="+70"/>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location line="-79"/>
        <location line="+23"/>
        <source>Sora Studio projects (*.sorastudio);;All files (*)</source>
        <translation>Sora Studio 项目 (*.sorastudio);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save project as</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the changes to “{name}” before closing it?</source>
        <translation>关闭前是否保存对“{name}”的更改？</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+46"/>
        <source>Discard autosave</source>
        <translation>丢弃自动保存</translation>
    </message>
    <message>
        <location line="-40"/>
        <location line="+59"/>
        <source>Recover</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Recover unsaved work</source>
        <translation>恢复未保存的工作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An autosave newer than the saved project was found ({n} shots). Restore it?</source>
        <translation>发现一份比已保存项目更新的自动保存（{n} 个镜头）。要恢复吗？</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Still saving…</source>
        <translation>仍在保存…</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+18"/>
        <source>Save project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Saving {path}…</source>
        <translation>正在保存 {path}…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Settings not saved: {reason}</source>
        <translation>设置未保存：{reason}</translation>
    </message>
</context>
<context>
    <name>Generation</name>
    <message>
        <location filename="../../studio/ui/generation/current.py" line="+28"/>
        <source>Select a finished take first (Inspector ▸ Takes).</source>
        <translation>请先选择一个已完成的版本（检查器 ▸ 版本）。</translation>
    </message>
    <message>
        <location filename="../../build/translations/helper_messages.py" line="+10"/>
        <source>Cannot generate yet</source>
        <translation>暂时无法生成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing was sent. Fix this first:</source>
        <translation>未发送任何内容。请先解决以下问题：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One-take film</source>
        <translation>一镜到底影片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generate the shots one clip each instead, and play them as the cut.</source>
        <translation>改为每个镜头各生成一个片段，并作为成片播放。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generate per shot</source>
        <translation>逐镜头生成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Or shorten the shots to one clip, generate the film, and continue its take with Generate ▸ Extend.</source>
        <translation>或者把镜头缩短到一个片段的长度，生成影片，再用“生成 ▸ 延长”接着生成。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(deleted shot)</source>
        <translation>（已删除的镜头）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Provider: {name}</source>
        <translation>服务商：{name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quoted {quoted} · Spent {spent}</source>
        <translation>预估 {quoted} · 已花费 {spent}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jobs: {queued} queued · {running} running · {done} done · {failed} failed</source>
        <translation>任务：{queued} 排队 · {running} 运行中 · {done} 完成 · {failed} 失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shot {n}</source>
        <translation>镜头 {n}</translation>
    </message>
</context>
<context>
    <name>GenerationController</name>
    <message>
        <location filename="../../studio/ui/generation/controller.py" line="+91"/>
        <location line="+245"/>
        <location line="+7"/>
        <source>Recover takes</source>
        <extracomment>Asks the remix/edit/extend prompt; replaceable (tests answer without a dialog).</extracomment>
        <translation>恢复版本</translation>
    </message>
    <message>
        <location line="-237"/>
        <source>Provider profiles</source>
        <translation>服务商配置</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Generate shot</source>
        <translation>生成镜头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generate {n} shots</source>
        <translation>生成 {n} 个镜头</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel job</source>
        <translation>取消任务</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+9"/>
        <source>Retry job</source>
        <translation>重试任务</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Only a failed or cancelled take can be retried.</source>
        <translation>只有失败或已取消的版本才能重试。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Retry take</source>
        <translation>重试版本</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Place clip</source>
        <translation>放置片段</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>Read the job ledger</source>
        <translation>读取任务记录</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Takes generated after the last save were recovered: {n}</source>
        <translation>已恢复上次保存后生成的版本：{n} 个</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>{name} (missing)</source>
        <translation>{name}（缺失）</translation>
    </message>
</context>
<context>
    <name>Ids</name>
    <message>
        <location filename="../../studio/ui/ids.py" line="+40"/>
        <source>Copy id</source>
        <extracomment>A run of id characters (base64&apos;s too) 40 or longer; not a path (those start with &quot;/&quot;).</extracomment>
        <translation>复制 ID</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <location filename="../../studio/ui/inspector.py" line="+527"/>
        <source>Shot</source>
        <translation>镜头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Takes</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Look</source>
        <translation>整体风格</translation>
    </message>
</context>
<context>
    <name>JobsLink</name>
    <message>
        <location filename="../../studio/ui/generation/jobs_link.py" line="+27"/>
        <source>Read the job history</source>
        <translation>读取任务历史</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save clip</source>
        <translation>保存片段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clip saved as {path}</source>
        <translation>片段已保存为 {path}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Adopt video</source>
        <translation>认领视频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The job follows the provider&apos;s video now.</source>
        <translation>该任务现在跟随服务商的视频。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send again</source>
        <translation>重新发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sent again.</source>
        <translation>已重新发送。</translation>
    </message>
</context>
<context>
    <name>JobsModel</name>
    <message>
        <location filename="../../studio/ui/jobs_dock.py" line="+61"/>
        <source>Shot</source>
        <extracomment>Column titles, marked for the translator (translated in ``headerData``).</extracomment>
        <translation>镜头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ETA</source>
        <translation>预计剩余</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Elapsed</source>
        <translation>已用时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Queued</source>
        <extracomment>Role of the progress column&apos;s int percent (the delegate draws it as a bar). Role of every cell: the row&apos;s ledger job id. Role of every cell: the row&apos;s JobState. Role of every cell: the whole failure text (&quot;&quot; when the job did not fail).</extracomment>
        <translation>排队中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sending…</source>
        <translation>发送中…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queued at the provider</source>
        <translation>在服务商处排队</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generating</source>
        <translation>生成中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../build/translations/helper_messages.py" line="+1"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>nothing yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quoted {quoted} · spent {spent}</source>
        <translation>预估 {quoted} · 已花费 {spent}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gateway: {figures}</source>
        <translation>网关：{figures}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rate limited, retrying in {n} s</source>
        <translation>请求受限，{n} 秒后重试</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{state}: {reason}</source>
        <translation>{state}：{reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(untitled job)</source>
        <translation>（未命名任务）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cost {cost}</source>
        <translation>费用 {cost}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>key total {total}</source>
        <translation>密钥累计 {total}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{title} (an earlier session)</source>
        <translation>{title}（之前的会话）</translation>
    </message>
</context>
<context>
    <name>JobsPanel</name>
    <message>
        <location filename="../../studio/ui/jobs_dock.py" line="+292"/>
        <source>Save clip as</source>
        <extracomment>Which provider runs a job (for the failure text); set by the controller. A job&apos;s title when its row appears and none was set (the controller: titling all 1000 jobs of a 500-shot project at each open held the GUI thread).</extracomment>
        <translation>片段另存为</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4 视频 (*.mp4)</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Generation jobs</source>
        <extracomment>Asks for the clip&apos;s destination; replaceable (tests answer without a dialog).</extracomment>
        <translation>生成任务</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Details…</source>
        <translation>详情(&amp;D)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the whole error text, to read or copy</source>
        <translation>显示完整错误信息，便于阅读或复制</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Video id:</source>
        <translation>视频 ID：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Copy video id</source>
        <translation>复制视频 ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy job id</source>
        <translation>复制任务 ID</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Save clip as…</source>
        <translation>片段另存为(&amp;S)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the selected finished job&apos;s clip as a file</source>
        <translation>将所选已完成任务的片段保存为文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop working on the selected job here</source>
        <translation>在本机停止处理所选任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send the selected failed or cancelled job again</source>
        <translation>重新发送所选的失败或已取消任务</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Adopt video…</source>
        <translation>认领视频(&amp;A)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Give the id of the video the provider made for this job (see its dashboard)</source>
        <translation>填写服务商为此任务生成的视频 ID（见其控制台）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send a&amp;gain…</source>
        <translation>重新发送(&amp;G)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send this job again, knowing the first one may have been billed</source>
        <translation>重新发送此任务（第一次可能已计费）</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>Why “{title}” failed</source>
        <translation>“{title}”失败的原因</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Adopt the provider&apos;s video</source>
        <translation>认领服务商的视频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The id of the video the provider made for “{title}”:</source>
        <translation>服务商为“{title}”生成的视频 ID：</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Send again?</source>
        <translation>重新发送？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The first request may have reached the provider and been billed. Sending again may bill a second time ({cost}). Send it again?</source>
        <translation>第一次请求可能已到达服务商并已计费。重新发送可能会再次计费（{cost}）。确定重新发送吗？</translation>
    </message>
</context>
<context>
    <name>LookEditor</name>
    <message>
        <location filename="../../studio/ui/inspector.py" line="-148"/>
        <source>The provider profile this project&apos;s jobs go to (Settings ▸ Provider profiles)</source>
        <translation>此项目的任务发往的服务商配置（设置 ▸ 服务商配置）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Per shot (one clip per shot)</source>
        <translation>逐镜头（每个镜头一个片段）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One take (whole film in one clip)</source>
        <translation>一镜到底（整部影片一个片段）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Visual style, film stock, lens…</source>
        <translation>视觉风格、胶片、镜头焦段…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mood, light, weather</source>
        <translation>情绪、光线、天气</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>comma, separated, keywords</source>
        <translation>用逗号, 分隔, 关键词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Music and sound</source>
        <translation>音乐与声音</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What must stay the same from shot to shot</source>
        <translation>镜头之间必须保持一致的内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Provider</source>
        <translation>服务商(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Size</source>
        <translation>尺寸(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;trategy</source>
        <translation>生成方式(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St&amp;yle</source>
        <translation>风格(&amp;Y)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Atmosphere</source>
        <translation>氛围(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keywords</source>
        <translation>关键词(&amp;K)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mus&amp;ic</source>
        <translation>音乐(&amp;I)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;ontinuity</source>
        <translation>连贯性(&amp;O)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The one-take film&apos;s reference image</source>
        <translation>一镜到底影片的参考图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Film re&amp;ference</source>
        <translation>影片参考图(&amp;F)</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Choose provider</source>
        <translation>选择服务商</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{name} (no such profile)</source>
        <translation>{name}（无此配置）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{model} (not served here)</source>
        <translation>{model}（此处不提供）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{model}’s own service ended on {date}; it works only through a provider that still serves it.</source>
        <translation>{model} 的官方服务已于 {date} 停止，只能通过仍提供该模型的服务商使用。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Free: drawn on this computer</source>
        <translation>免费：在本机绘制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About {price} per second of video</source>
        <translation>视频每秒约 {price}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Price unknown</source>
        <translation>价格未知</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../studio/ui/main_window.py" line="+152"/>
        <source>Inspector</source>
        <extracomment>Follow-ups of an open, staggered so that each gets a turn of its own rather than all running (with the editor&apos;s first paint) in one pass of the event loop: the first shot&apos;s selection, then the status bar&apos;s figures (also coalescing a burst of edits). Whether :meth:`attach` ran: the document and its panels exist. Takes files dropped on the window (the storyboard importer, once built). The generation controller, once built after the first paint (app.py). The autosaver, once attached (a signal may end the app before that). The document&apos;s history (the document adopts it in :meth:`attach`).</extracomment>
        <translation>检查器</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Autosave failed: {reason}</source>
        <translation>自动保存失败：{reason}</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Prompt copied to the clipboard</source>
        <translation>提示词已复制到剪贴板</translation>
    </message>
    <message>
        <location filename="../../build/translations/helper_messages.py" line="-45"/>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="+107"/>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Provider: {name}</source>
        <translation>服务商：{name}</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>No recent projects</source>
        <translation>没有最近的项目</translation>
    </message>
</context>
<context>
    <name>PlayerWidget</name>
    <message>
        <location filename="../../studio/ui/player/widget.py" line="+77"/>
        <source>Player</source>
        <translation>播放器</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Nothing to play yet — pick a take, or Play Cut.</source>
        <translation>暂无可播放内容——请选择一个版本，或播放成片。</translation>
    </message>
    <message>
        <location line="+174"/>
        <source>{action} ({key})</source>
        <translation>{action}（{key}）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Play/Pause</source>
        <translation>播放/暂停(&amp;P)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Frame &amp;Back</source>
        <translation>后退一帧(&amp;B)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Frame &amp;Forward</source>
        <translation>前进一帧(&amp;F)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Loop</source>
        <translation>循环(&amp;L)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Mute</source>
        <translation>静音(&amp;M)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Play &amp;Cut</source>
        <translation>播放成片(&amp;C)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Play the chosen takes of all shots in order</source>
        <translation>按顺序播放所有镜头的选定版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Cut {i}/{n}  {title}</source>
        <translation>成片 {i}/{n}  {title}</translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <location filename="../../build/translations/helper_messages.py" line="+45"/>
        <source>the capability table does not know the model “{model}”</source>
        <translation>能力表中没有模型“{model}”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{model}’s own service ended on {date}; it works only through a provider that still serves it</source>
        <translation>{model} 的官方服务已于 {date} 停止，只能通过仍提供该模型的服务商使用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{model} does not make {size} clips</source>
        <translation>{model} 不能生成 {size} 的片段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the storyboard has no shots yet</source>
        <translation>分镜中还没有镜头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>select a shot on the timeline first</source>
        <translation>请先在时间线上选择一个镜头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the film is {total} s but {model} makes clips of at most {longest} s</source>
        <translation>影片长 {total} 秒，但 {model} 的片段最长 {longest} 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the shot has neither a title nor a description</source>
        <translation>镜头既没有标题也没有描述</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{seconds} s is longer than the longest clip {model} makes ({longest} s)</source>
        <translation>{seconds} 秒超过了 {model} 能生成的最长片段（{longest} 秒）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{model} does not take a reference image</source>
        <translation>{model} 不支持参考图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{model} makes clips only from a reference image; attach one</source>
        <translation>{model} 只能根据参考图生成片段，请添加一张</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the reference image has no consent record</source>
        <translation>参考图没有同意记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the reference image’s consent record is missing</source>
        <translation>参考图的同意记录缺失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the consent was given for a different image; attach the image again</source>
        <translation>同意针对的是另一张图片，请重新添加图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the reference image {path} is missing; attach it again</source>
        <translation>参考图 {path} 缺失，请重新添加</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the reference image {path} changed after consent was given; attach it again</source>
        <translation>参考图 {path} 在同意后被修改过，请重新添加</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>consent was withdrawn for {handles}; remove the mention</source>
        <translation>{handles} 已撤回同意，请删除对其的提及</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown character: {handles}</source>
        <translation>未知角色：{handles}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{model} takes at most {limit} characters per generation</source>
        <translation>{model} 每次生成最多使用 {limit} 个角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an extension cannot bring in characters ({handles}); providers refuse them there. Remove the mention, or generate the shot again with them</source>
        <translation>延长时不能加入角色（{handles}），服务商会拒绝。请删除提及，或带上这些角色重新生成该镜头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the chosen take does not exist</source>
        <translation>选定的版本不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no provider profile is named “{provider}”; pick one in Inspector ▸ Look</source>
        <translation>没有名为“{provider}”的服务商配置，请在“检查器 ▸ 整体风格”中选择一个</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the provider “{provider}” does not serve {model}; pick one of its models in Inspector ▸ Look</source>
        <translation>服务商“{provider}”不提供 {model}，请在“检查器 ▸ 整体风格”中选择它的一个模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the provider “{provider}” cannot be used: check its base URL and key in Settings</source>
        <translation>无法使用服务商“{provider}”：请在设置中检查其基础 URL 和密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the prompt cannot be composed: {detail}</source>
        <translation>无法组合提示词：{detail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it continues from shot {shot}, which has no finished take yet; generate shot {shot} first</source>
        <translation>它衔接镜头 {shot}，但该镜头还没有已完成的版本，请先生成镜头 {shot}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it continues from shot {previous}’s last frame; press Use Last Frame to make that frame its reference</source>
        <translation>它从镜头 {previous} 的最后一帧继续，请点击“使用最后一帧”将该帧设为参考图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>its reference is a frame shot {previous}’s cut no longer ends on (its take or trim changed); press Use Last Frame again, or set the shot to Cut to keep this image</source>
        <translation>它的参考图已不是镜头 {previous} 剪辑结尾的那一帧（该镜头的片段或修剪已更改）；请再次点击“使用最后一帧”，或将此镜头设为“硬切”以保留这张图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it is made by extending the previous shot’s take; press Extend Previous Take</source>
        <translation>它通过延长上一个镜头的版本生成，请点击“延长上一镜头”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it extends the previous take, but {model} cannot extend a video; continue from the last frame instead</source>
        <translation>它延长上一版本，但 {model} 不能延长视频，请改为从最后一帧继续</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it extends shot {shot}’s take, which was not generated here</source>
        <translation>它延长镜头 {shot} 的版本，但该版本不是在这里生成的</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>shot {shot}’s take has been extended {limit} times, the most {model} allows</source>
        <translation>镜头 {shot} 的版本已延长 {limit} 次，达到 {model} 允许的上限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the extended video would last {total} s; {model} makes at most {longest} s</source>
        <translation>延长后的视频将长达 {total} 秒，而 {model} 最多生成 {longest} 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A face was found in this image. Providers refuse images of real people unless the person is a consented Cameo character; a clip may be blocked and still take minutes to fail.</source>
        <translation>在这张图片中检测到人脸。除非此人是已同意的 Cameo 角色，服务商会拒绝真实人物的图片；片段可能被拦截，且可能要过几分钟才会失败。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This computer cannot check the image for faces. Providers refuse images of real people unless the person is a consented Cameo character.</source>
        <translation>这台电脑无法检测图片中的人脸。除非此人是已同意的 Cameo 角色，服务商会拒绝真实人物的图片。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The project</source>
        <translation>项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The provider’s content rules blocked this request. Change the prompt or the reference image; sending it unchanged will be blocked again.</source>
        <translation>服务商的内容规则拦截了此请求。请修改提示词或参考图，原样重新发送仍会被拦截。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The provider refused the request as invalid. Check the model, size, duration and reference image.</source>
        <translation>服务商认为请求无效而拒绝了它。请检查模型、尺寸、时长和参考图。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{provider}” refused the API key or the account. Check the key of this profile in Settings.</source>
        <translation>“{provider}”拒绝了该 API 密钥或账户。请在设置中检查此配置的密钥。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The provider is rate limiting requests; the studio waits and tries again where that is safe.</source>
        <translation>服务商正在限制请求频率，Studio 会等待，并在安全时重试。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The provider had an internal problem.</source>
        <translation>服务商内部出现问题。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The provider could not be reached, or the connection dropped.</source>
        <translation>无法连接服务商，或连接已中断。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The provider no longer keeps this video. Generate it again.</source>
        <translation>服务商已不再保留此视频，请重新生成。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled here. A job already sent may still finish (and be billed) at the provider.</source>
        <translation>已在本机取消。已发送的任务仍可能在服务商处完成（并计费）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The provider reported an unexpected problem.</source>
        <translation>服务商报告了意外问题。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unclear: the request may have reached “{provider}” and been billed, but no video id came back, and this provider can neither list its videos nor recognise a re-send. Adopt its video if you find it there, or send it again knowing it may be billed twice.</source>
        <translation>状态不明：请求可能已到达“{provider}”并已计费，但没有返回视频 ID，而且此服务商既不能列出视频，也无法识别重复发送。如果在服务商处找到了视频，请认领它；或者重新发送，但可能会被计费两次。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{where}: {what}{tail}.</source>
        <translation>{where}：{what}{tail}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (allowed: {values})</source>
        <translation>（允许：{values}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shot {n} “{title}”</source>
        <translation>镜头 {n}“{title}”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shot {n}</source>
        <translation>镜头 {n}</translation>
    </message>
</context>
<context>
    <name>ProjectDocument</name>
    <message>
        <location filename="../../studio/ui/document.py" line="+133"/>
        <source>Restore autosave</source>
        <extracomment>Shot fields the inspector (and anyone else) may set with ``set_shot_field``. Look fields settable with ``set_look_field``. GUI-thread time one turn of the event loop may spend filling the snapshot&apos;s shot pieces after an open (the GUI loop&apos;s stall bar is 16 ms). How long catch-up work waits after a project is replaced (an open): the editor&apos;s first paint comes first, in a turn of its own. Where an untitled project&apos;s generated media live until Save As copies them beside the file (set by the generation controller); see :meth:`media_root`.</extracomment>
        <translation>恢复自动保存</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>Move shot</source>
        <translation>移动镜头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move {n} shots</source>
        <translation>移动 {n} 个镜头</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Add shot</source>
        <translation>添加镜头</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Duplicate shot</source>
        <translation>复制镜头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate {n} shots</source>
        <translation>复制 {n} 个镜头</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Split shot</source>
        <translation>拆分镜头</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Delete shot</source>
        <translation>删除镜头</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Delete {n} shots</source>
        <translation>删除 {n} 个镜头</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>Remove reference image</source>
        <translation>移除参考图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attach reference image</source>
        <translation>添加参考图</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Change characters</source>
        <translation>更改角色</translation>
    </message>
</context>
<context>
    <name>PromptView</name>
    <message>
        <location filename="../../studio/ui/prompt_view.py" line="+68"/>
        <source>One take</source>
        <extracomment>Shots composed (and their text appended) per turn of the event loop, at most ... ... and for about this long: composing is ~0.1-0.3 ms a shot (more on a busy machine), and the GUI loop&apos;s stall bar is 16 ms, appending and painting the text included. While a save&apos;s worker thread runs Python too, the two share the GIL and a turn takes about twice its CPU: at 4 ms a save during a recompose stalled 12-16 ms, at 2 ms 6-10 ms.</extracomment>
        <translation>一镜到底</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The whole film as one multi-shot prompt</source>
        <translation>整部影片作为一条多镜头提示词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per shot</source>
        <translation>逐镜头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One prompt per shot, with the global look</source>
        <translation>每个镜头一条提示词，附带整体风格</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>English template</source>
        <translation>英文模板</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Chinese template</source>
        <translation>中文模板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the composed prompt to the clipboard</source>
        <translation>将组合好的提示词复制到剪贴板</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>The storyboard has no shots yet: add a shot to see its prompt.</source>
        <translation>分镜中还没有镜头：添加一个镜头即可查看其提示词。</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+53"/>
        <source>Cannot compose the prompt: {error}</source>
        <translation>无法组合提示词：{error}</translation>
    </message>
    <message>
        <location line="-46"/>
        <location line="+50"/>
        <source>── {i} / {n} · {seconds} s ──</source>
        <translation>── {i} / {n} · {seconds} 秒 ──</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>one prompt</source>
        <translation>1 条提示词</translation>
    </message>
    <message>
        <location line="-106"/>
        <location line="+106"/>
        <location line="+57"/>
        <source>{n} prompts</source>
        <translation>{n} 条提示词</translation>
    </message>
    <message>
        <location line="-164"/>
        <location line="+108"/>
        <location line="+57"/>
        <source>{prompts} · {chars} characters</source>
        <translation>{prompts} · {chars} 个字符</translation>
    </message>
    <message>
        <location line="-162"/>
        <location line="+158"/>
        <source>Composing… {done} of {n}</source>
        <translation>正在组合… {done} / {n}</translation>
    </message>
</context>
<context>
    <name>Reference</name>
    <message>
        <location filename="../../studio/ui/reference_widget.py" line="+54"/>
        <source>The file is empty.</source>
        <translation>文件为空。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file is {mb} MB; at most {limit_mb} MB is accepted.</source>
        <translation>文件大小为 {mb} MB，最多接受 {limit_mb} MB。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This file is not an image. Use a JPEG, PNG or WebP.</source>
        <translation>此文件不是图片。请使用 JPEG、PNG 或 WebP。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{kind} images are not accepted. Save it as JPEG, PNG or WebP first.</source>
        <translation>不接受 {kind} 图片。请先另存为 JPEG、PNG 或 WebP。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The image has too many pixels (at most {limit_mp} megapixels).</source>
        <translation>图片像素过多（最多 {limit_mp} 百万像素）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The image is {width}×{height}; it needs at least 16 pixels on each side.</source>
        <translation>图片为 {width}×{height}，每边至少需要 16 像素。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The image data is damaged and cannot be read.</source>
        <translation>图片数据已损坏，无法读取。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This image cannot be used.</source>
        <translation>无法使用这张图片。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing was attached.</source>
        <translation>未添加任何内容。</translation>
    </message>
</context>
<context>
    <name>ReferenceWidget</name>
    <message>
        <location line="+33"/>
        <source>Choose image…</source>
        <extracomment>The window&apos;s task manager; set by the window once it exists.</extracomment>
        <translation>选择图片…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A JPEG, PNG or WebP image; you can also drop or paste one here</source>
        <translation>JPEG、PNG 或 WebP 图片；也可以拖放或粘贴到这里</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Crop to fill</source>
        <translation>裁剪填充</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fit with bars</source>
        <translation>加黑边适配</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stretch</source>
        <translation>拉伸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How an image of another shape is made the output size</source>
        <translation>比例不同的图片如何适配输出尺寸</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Sent as the first frame of the clip</source>
        <translation>作为片段的第一帧发送</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The reference image is missing; attach it again.</source>
        <translation>参考图缺失，请重新添加。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Drop an image here to start the clip from it</source>
        <translation>将图片拖放到这里，片段将从它开始</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose a reference image</source>
        <translation>选择参考图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images (*.jpg *.jpeg *.png *.webp);;All files (*)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.webp);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Prepare reference image</source>
        <translation>准备参考图</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Reference image not attached</source>
        <translation>未添加参考图</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Replace the reference image?</source>
        <translation>替换参考图？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This shot already has a reference image. Replace it with the new one?</source>
        <translation>此镜头已有参考图。要用新图片替换吗？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The film already has a reference image. Replace it with the new one?</source>
        <translation>影片已有参考图。要用新图片替换吗？</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Save reference image</source>
        <translation>保存参考图</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../studio/ui/settings_dialog.py" line="+54"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make default</source>
        <translation>设为默认</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Provider profiles</source>
        <translation>服务商配置</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Forget key</source>
        <translation>清除密钥</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Name of an environment variable holding the key; when it is set, it is used instead of a stored key</source>
        <translation>保存密钥的环境变量名；设置该变量后，将优先于已保存的密钥使用</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>How many generations may run at once on this provider</source>
        <translation>此服务商可同时运行的生成任务数</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Base URL</source>
        <translation>基础 URL(&amp;B)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Models</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API &amp;key</source>
        <translation>API 密钥(&amp;K)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Key from &amp;environment variable</source>
        <translation>从环境变量读取密钥(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Concurrency</source>
        <translation>并发数(&amp;C)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>System ({language})</source>
        <translation>跟随系统（{language}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+10"/>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <location line="-9"/>
        <location line="+10"/>
        <source>简体中文</source>
        <translation>简体中文</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>&amp;Interface language</source>
        <translation>界面语言(&amp;I)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applies when Sora Studio starts again.</source>
        <translation>重新启动 Sora Studio 后生效。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Prompt lan&amp;guage</source>
        <translation>提示词语言(&amp;G)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The language of new projects, their composed prompts and the sample project.</source>
        <translation>新项目及其组合提示词和示例项目所用的语言。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No system keyring was found on this computer.</source>
        <translation>这台电脑上没有找到系统密钥环。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep API keys in a file only I can read</source>
        <translation>将 API 密钥保存在只有我能读取的文件中</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keys are kept unencrypted in {path}, readable by your user account only.</source>
        <translation>密钥以未加密形式保存在 {path}，仅你的用户账户可读取。</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>{name} (default)</source>
        <translation>{name}（默认）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>(built in, loopback)</source>
        <translation>（内置，本机回环）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The local animatic provider runs inside the studio on a free loopback port and needs no key.</source>
        <translation>本地动态分镜服务商在 Studio 内部运行于一个空闲的本机回环端口，无需密钥。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Any endpoint that speaks the Videos API (/v1/videos). Its key is never written to the settings file and never shown again.</source>
        <translation>任何支持 Videos API（/v1/videos）的端点。其密钥不会写入设置文件，也不会再次显示。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>not needed</source>
        <translation>不需要</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>will be stored</source>
        <translation>将被保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>will be removed</source>
        <translation>将被删除</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>taken from {var}</source>
        <translation>取自 {var}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>stored in the key file — type to replace</source>
        <translation>已保存在密钥文件中——输入即可替换</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>stored in the keyring — type to replace</source>
        <translation>已保存在密钥环中——输入即可替换</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no keyring — tick the key file option or use a variable</source>
        <translation>没有密钥环——请勾选密钥文件选项或使用环境变量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no key stored</source>
        <translation>未保存密钥</translation>
    </message>
    <message>
        <location line="+126"/>
        <source>Not saved: there is no system keyring to keep the API key of “{profile}”. Your edits are kept — tick “Keep API keys in a file only I can read” or name an environment variable, then press OK again.</source>
        <translation>未保存：没有系统密钥环来保存“{profile}”的 API 密钥。你的编辑已保留——请勾选“将 API 密钥保存在只有我能读取的文件中”或填写环境变量名，然后再次点击“确定”。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not saved: two provider profiles are named “{profile}”. Rename one, then press OK again.</source>
        <translation>未保存：有两个服务商配置都叫“{profile}”。请重命名其中一个，然后再次点击“确定”。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not saved: {reason}. Your edits are kept; press OK to try again.</source>
        <translation>未保存：{reason}。你的编辑已保留，请点击“确定”重试。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>the name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the model list</source>
        <translation>模型列表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the environment variable name</source>
        <translation>环境变量名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the concurrency</source>
        <translation>并发数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>letters, digits and _ only, not starting with a digit, at most 100 characters</source>
        <translation>只能包含字母、数字和 _，不能以数字开头，最多 100 个字符</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not saved: in profile “{profile}”, {what} is not valid ({reason}). Your edits are kept.</source>
        <translation>未保存：配置“{profile}”中的{what}无效（{reason}）。你的编辑已保留。</translation>
    </message>
</context>
<context>
    <name>ShotEditor</name>
    <message>
        <location filename="../../studio/ui/inspector.py" line="-280"/>
        <source>Short name of the shot</source>
        <translation>镜头的简短名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What we see</source>
        <translation>画面内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. slow dolly-in, drone orbit rising</source>
        <translation>例如：缓慢推镜，无人机环绕上升</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>@handle, @handle</source>
        <translation>@代号, @代号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Atmosphere, sound, continuity for this shot</source>
        <translation>此镜头的氛围、声音和连贯性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Title</source>
        <translation>标题(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Description</source>
        <translation>描述(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Camera</source>
        <translation>运镜(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&amp;uration</source>
        <translation>时长(&amp;U)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Library…</source>
        <extracomment>The user&apos;s Cameo library (set once the services have started).</extracomment>
        <translation>角色库…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create, edit, import and export Cameo characters</source>
        <translation>创建、编辑、导入和导出 Cameo 角色</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>C&amp;haracters</source>
        <translation>角色(&amp;H)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Notes</source>
        <translation>备注(&amp;N)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Reference</source>
        <translation>参考图(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Continuit&amp;y</source>
        <translation>连贯性(&amp;Y)</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Cameo Characters</source>
        <translation>Cameo 角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The character library opens once the generation services have started.</source>
        <translation>生成服务启动后才能打开角色库。</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>{n} shots selected — select one shot to edit it.</source>
        <translation>已选择 {n} 个镜头——选择一个镜头即可编辑。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No shot selected. Select a shot on the timeline to edit it.</source>
        <translation>未选择镜头。请在时间线上选择一个镜头进行编辑。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Shot {n} of {total}</source>
        <translation>镜头 {n} / {total}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Clip lengths this model makes: {lengths}</source>
        <translation>此模型可生成的片段时长：{lengths}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seconds of this shot within the one-take film</source>
        <translation>此镜头在一镜到底影片中的秒数</translation>
    </message>
</context>
<context>
    <name>SnapSpinBox</name>
    <message>
        <location line="-291"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
</context>
<context>
    <name>StoryboardImporter</name>
    <message>
        <location filename="../../studio/ui/paste_dialog.py" line="+234"/>
        <location line="+26"/>
        <source>Import storyboard</source>
        <extracomment>The review dialog was opened (tests and the assistant find it here).</extracomment>
        <translation>导入分镜</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Storyboards ({patterns})</source>
        <translation>分镜 ({patterns})</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Read storyboard</source>
        <translation>读取分镜</translation>
    </message>
    <message numerus="yes">
        <location line="+55"/>
        <source>Add %n storyboard shots</source>
        <translation>
            <numerusform>添加 %n 个分镜镜头</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace the storyboard</source>
        <translation>替换分镜</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n shots brought in</source>
        <translation>
            <numerusform>已导入 %n 个镜头</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>There is no text to read as a storyboard.</source>
        <translation>没有可读取为分镜的文字。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The text is too long to read: {chars} characters, at most {limit}.</source>
        <translation>文字太长，无法读取：{chars} 个字符，最多 {limit} 个。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file is too large to read as a storyboard ({size} bytes).</source>
        <translation>文件太大，无法读取为分镜（{size} 字节）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file is not text, so no storyboard was read.</source>
        <translation>该文件不是文本，未读取分镜。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The storyboard could not be read: {reason}</source>
        <translation>无法读取分镜：{reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>That would make {count} shots; a project holds at most {limit}.</source>
        <translation>这样会有 {count} 个镜头，而一个项目最多容纳 {limit} 个。</translation>
    </message>
</context>
<context>
    <name>StoryboardReview</name>
    <message>
        <location line="-251"/>
        <source>Review the storyboard</source>
        <translation>审阅分镜</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n shots</source>
        <translation>
            <numerusform>%n 个镜头</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{seconds} s in all</source>
        <translation>共 {seconds} 秒</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The text numbers {numbered} shots, but {found} were understood.</source>
        <translation>文字中编号了 {numbered} 个镜头，但只识别出 {found} 个。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Structure it with the assistant</source>
        <translation>用助手整理结构</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Not understood (left out)</source>
        <translation>未能识别（已略去）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Replace the storyboard</source>
        <translation>替换分镜</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add after the last shot</source>
        <translation>添加到最后一个镜头之后</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Camera</source>
        <translation>运镜</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Action</source>
        <translation>动作</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Seconds</source>
        <translation>秒数</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Look</source>
        <translation>整体风格</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Style</source>
        <translation>风格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Music</source>
        <translation>音乐</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Atmosphere</source>
        <translation>氛围</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keywords</source>
        <translation>关键词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continuity</source>
        <translation>连贯性</translation>
    </message>
</context>
<context>
    <name>TakesPanel</name>
    <message>
        <location filename="../../studio/ui/takes_panel.py" line="+102"/>
        <source>Take</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Takes</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Details…</source>
        <translation>详情(&amp;D)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the whole error text, to read or copy</source>
        <translation>显示完整错误信息，便于阅读或复制</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Use this take</source>
        <translation>使用此版本(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Play</source>
        <translation>播放(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare with &amp;chosen</source>
        <translation>与选定版本对比(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remix…</source>
        <translation>重混…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extend…</source>
        <translation>延长…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel job</source>
        <translation>取消任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>Takes of the one-take film</source>
        <translation>一镜到底影片的版本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Takes of “{title}”</source>
        <translation>“{title}”的版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>untitled shot</source>
        <translation>未命名镜头</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The shot was edited after this take was made (what changed is not recorded). It still plays; generate again to match the shot.</source>
        <translation>此版本生成后镜头被修改过（未记录具体改动）。它仍可播放；重新生成即可与镜头一致。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The storyboard was edited after this take was made (what changed is not recorded). It still plays; generate again to match it.</source>
        <translation>此版本生成后分镜被修改过（未记录具体改动）。它仍可播放；重新生成即可与分镜一致。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Quoted {quoted} · spent {spent}</source>
        <translation>预估 {quoted} · 已花费 {spent}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Why this take failed</source>
        <translation>此版本失败的原因</translation>
    </message>
    <message>
        <location filename="../../build/translations/helper_messages.py" line="+1"/>
        <source>outdated</source>
        <translation>已过时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>generating</source>
        <translation>生成中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take {n} ({how})</source>
        <translation>版本 {n}（{how}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take {n}</source>
        <translation>版本 {n}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>remix</source>
        <translation>重混</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>edit</source>
        <translation>修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>extension</source>
        <translation>延长</translation>
    </message>
</context>
<context>
    <name>TextDetails</name>
    <message>
        <location line="+1"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>TextDetailsDialog</name>
    <message>
        <location filename="../../studio/ui/text_details.py" line="+58"/>
        <source>&amp;Copy</source>
        <extracomment>Characters a wrapped label shows before &quot;…&quot; (the rest is in the tooltip and dialog).</extracomment>
        <translation>复制(&amp;C)</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <location filename="../../studio/ui/timeline/painter.py" line="+28"/>
        <source>draft</source>
        <extracomment>The badges&apos; words, marked for the translator and translated where they are drawn.</extracomment>
        <translation>草稿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>outdated</source>
        <translation>已过时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../build/translations/helper_messages.py" line="+1"/>
        <source>Untitled shot</source>
        <translation>未命名镜头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <location filename="../../studio/ui/timeline/view.py" line="+120"/>
        <source>Shot timeline</source>
        <translation>镜头时间线</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>&amp;Add Shot</source>
        <translation>添加镜头(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Insert a shot after the current one</source>
        <translation>在当前镜头之后插入一个镜头</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Duplicate</source>
        <translation>复制(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Split</source>
        <translation>拆分(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split the current shot in two</source>
        <translation>将当前镜头一分为二</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>De&amp;lete</source>
        <translation>删除(&amp;L)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select &amp;All Shots</source>
        <translation>选择所有镜头(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom to &amp;Fit</source>
        <translation>缩放至适合(&amp;F)</translation>
    </message>
    <message>
        <location line="+191"/>
        <source>No shots yet — Insert adds one</source>
        <translation>还没有镜头——按 Insert 键添加</translation>
    </message>
    <message>
        <location line="+180"/>
        <source>&lt;b&gt;{title}&lt;/b&gt; — {seconds} s — {status}</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt; — {seconds} 秒 — {status}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Untitled shot</source>
        <translation>未命名镜头</translation>
    </message>
</context>
<context>
    <name>TransportBar</name>
    <message>
        <location filename="../../studio/ui/player/transport.py" line="+57"/>
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Playback speed</source>
        <translation>播放速度</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+1"/>
        <source>Volume</source>
        <translation>音量</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../studio/ui/welcome.py" line="+42"/>
        <source>Storyboard a short film, generate it shot by shot and play the cut.
Everything stays on your disk. No key needed: the local animatic provider renders a previz of every shot.</source>
        <translation>为短片绘制分镜，逐个镜头生成，然后播放成片。
所有内容都保存在你的磁盘上。无需密钥：本地动态分镜服务商会为每个镜头渲染预演。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open sample project</source>
        <translation>打开示例项目</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No recent projects yet.</source>
        <translation>还没有最近的项目。</translation>
    </message>
</context>
</TS>
