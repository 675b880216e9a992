<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChatPanel</name>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="33" />
        <source>Persona</source>
        <translation>人设</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="34" />
        <source>Manage personas…</source>
        <translation>管理人设…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="38" />
        <source>Drop the oldest messages</source>
        <translation>丢弃最早的消息</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="39" />
        <source>Stop and tell me</source>
        <translation>停止并提示我</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="43" />
        <source>When the context is full</source>
        <translation>上下文已满时</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="45" />
        <source>System prompt for this chat</source>
        <translation>本对话的系统提示词</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="47" />
        <source>The persona's system prompt is used.</source>
        <translation>使用人设的系统提示词。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="49" />
        <source>Apply to this chat</source>
        <translation>应用到本对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="51" />
        <source>Use the persona's</source>
        <translation>使用人设的提示词</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="59" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="69" />
        <source>No system prompt.</source>
        <translation>没有系统提示词。</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <location filename="../../deskchat/gui/chat_view.py" line="122" />
        <source>Show {n} earlier message(s)</source>
        <translation>显示更早的 {n} 条消息</translation>
    </message>
</context>
<context>
    <name>CodeBlock</name>
    <message>
        <location filename="../../deskchat/gui/blocks_view.py" line="55" />
        <source>code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/blocks_view.py" line="57" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/blocks_view.py" line="68" />
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../deskchat/gui/composer.py" line="56" />
        <source>Message the model — Enter sends, Shift+Enter adds a line</source>
        <translation>给模型发消息——Enter 发送，Shift+Enter 换行</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/composer.py" line="63" />
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/composer.py" line="65" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/composer.py" line="104" />
        <source>Editing your message: Enter sends it as a new version (the old one is kept); Esc cancels.</source>
        <translation>正在编辑你的消息：Enter 作为新版本发送（旧版本会保留）；Esc 取消。</translation>
    </message>
</context>
<context>
    <name>ContextMeter</name>
    <message>
        <location filename="../../deskchat/gui/context_meter.py" line="20" />
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/context_meter.py" line="28" />
        <source>no model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/context_meter.py" line="37" />
        <source>{free} tokens free</source>
        <translation>剩余 {free} 个 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/context_meter.py" line="39" />
        <source>{n} earlier message(s) outside the window</source>
        <translation>{n} 条较早的消息在窗口之外</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="86" />
        <location filename="../../deskchat/gui/main_window.py" line="147" />
        <source>Show prompt</source>
        <translation>显示提示词</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="87" />
        <location filename="../../deskchat/gui/main_window.py" line="148" />
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="96" />
        <source>Reload model</source>
        <translation>重新加载模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="117" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="121" />
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="122" />
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="130" />
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="140" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="141" />
        <location filename="../../deskchat/gui/main_window.py" line="220" />
        <location filename="../../deskchat/gui/main_window.py" line="261" />
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="142" />
        <source>Open model…</source>
        <translation>打开模型…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="143" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="145" />
        <source>&amp;Chat</source>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="146" />
        <source>Regenerate last answer</source>
        <translation>重新生成最后的回答</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="149" />
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="150" />
        <source>Rename chat</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="152" />
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="153" />
        <source>Personas…</source>
        <translation>人设…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="154" />
        <source>Preferences…</source>
        <translation>偏好设置…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="156" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="157" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="158" />
        <location filename="../../deskchat/gui/main_window.py" line="469" />
        <source>About deskchat</source>
        <translation>关于 deskchat</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="385" />
        <source>{name} · context {ctx} · template: {t}</source>
        <translation>{name} · 上下文 {ctx} · 模板：{t}</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="416" />
        <source>No model is loaded; the prompt depends on the model's template.</source>
        <translation>未加载模型；提示词取决于模型的模板。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="430" />
        <source>Type some text first: the tokens view shows how it splits.</source>
        <translation>请先输入文字：Token 视图会显示它如何被切分。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="477" />
        <source>&lt;h3&gt;No model loaded yet&lt;/h3&gt;&lt;p&gt;Open a GGUF model file with &lt;b&gt;Ctrl+O&lt;/b&gt;, drop one on this window, or use the starter model (Gemma 3 270M, a small base model that works offline).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;尚未加载模型&lt;/h3&gt;&lt;p&gt;按 &lt;b&gt;Ctrl+O&lt;/b&gt; 打开 GGUF 模型文件，或把文件拖到此窗口，或使用入门模型（Gemma 3 270M，一个可离线使用的小型基础模型）。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="486" />
        <source>&lt;h3&gt;Say hello&lt;/h3&gt;&lt;p&gt;Type below and press Enter. Pick a persona in the Chat tab; Show prompt reveals the exact text the model receives.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;打个招呼吧&lt;/h3&gt;&lt;p&gt;在下方输入并按 Enter。在“对话”标签页选择人设；“显示提示词”会展示模型收到的确切文本。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="494" />
        <source>Use the starter model</source>
        <translation>使用入门模型</translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="37" />
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="37" />
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="43" />
        <source>Outside the context window: the model will not see this.</source>
        <translation>在上下文窗口之外：模型看不到这条消息。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="65" />
        <source>Previous version</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="73" />
        <source>Next version</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="83" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="88" />
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="93" />
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="110" />
        <source>This answer was interrupted.</source>
        <translation>这个回答被中断了。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="125" />
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>ModelPanel</name>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="57" />
        <source>Backend: checking…</source>
        <translation>后端：检测中…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="62" />
        <source>Open GGUF file…</source>
        <translation>打开 GGUF 文件…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="67" />
        <source>Recent models</source>
        <translation>最近的模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="70" />
        <source>Drop a .gguf file on the window, or open one.</source>
        <translation>把 .gguf 文件拖到窗口上，或打开一个。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="82" />
        <source>How many tokens the model can see at once: prompt, history and answer. More context needs more memory.</source>
        <translation>模型一次能看到的 token 数：提示词、历史和回答。上下文越大，需要的内存越多。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="86" />
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="89" />
        <location filename="../../deskchat/gui/model_panel.py" line="97" />
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="92" />
        <source>CPU threads for generation; auto uses the physical cores.</source>
        <translation>生成使用的 CPU 线程数；自动 = 物理核心数。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="94" />
        <source>Threads</source>
        <translation>线程</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="98" />
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="99" />
        <source>custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="113" />
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="114" />
        <source>Flash attention</source>
        <translation>Flash attention</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="120" />
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="123" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="145" />
        <source>Backend: {b}</source>
        <translation>后端：{b}</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="148" />
        <source>This build runs on the CPU: GPU layers have no effect.</source>
        <translation>此版本在 CPU 上运行：GPU 层数不起作用。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="159" />
        <source>Open a GGUF model</source>
        <translation>打开 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="159" />
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="172" />
        <source>yes</source>
        <translation>有</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="174" />
        <source>no (a built-in format or the base-model transcript is used)</source>
        <translation>没有（使用内置格式或基础模型的对话记录格式）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="178" />
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="180" />
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="182" />
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="184" />
        <source>File size</source>
        <translation>文件大小</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="186" />
        <source>Trained context</source>
        <translation>训练上下文</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="188" />
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="224" />
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="228" />
        <source>Loaded {name} (context {ctx}) in {s} s.</source>
        <translation>已加载 {name}（上下文 {ctx}），用时 {s} 秒。</translation>
    </message>
</context>
<context>
    <name>PersonaDialog</name>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="54" />
        <source>Personas</source>
        <translation>人设</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="63" />
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="64" />
        <source>Duplicate</source>
        <translation>复制一份</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="65" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="79" />
        <source>User: an example question
Assistant: the answer you want it to imitate</source>
        <translation>User: 示例问题
Assistant: 你希望它模仿的回答</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="86" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="87" />
        <source>Chinese name</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="88" />
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="89" />
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="90" />
        <source>Example turns</source>
        <translation>示例对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="91" />
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="92" />
        <source>Max tokens</source>
        <translation>最大 token 数</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="98" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="161" />
        <source>A persona needs a name.</source>
        <translation>人设需要一个名称。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="167" />
        <source>New persona</source>
        <translation>新人设</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="175" />
        <source>{name} (copy)</source>
        <translation>{name}（副本）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="188" />
        <source>Delete persona</source>
        <translation>删除人设</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="189" />
        <source>Delete the persona “{name}”? Chats using it keep their messages.</source>
        <translation>删除人设“{name}”？使用它的对话会保留消息。</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="41" />
        <source>Preferences</source>
        <translation>偏好设置</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="46" />
        <location filename="../../deskchat/gui/dialogs.py" line="55" />
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="47" />
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="48" />
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="52" />
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="57" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="59" />
        <source>A new language applies the next time deskchat starts.</source>
        <translation>新语言将在下次启动 deskchat 时生效。</translation>
    </message>
</context>
<context>
    <name>PromptDialog</name>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="24" />
        <source>Prompt sent to the model</source>
        <translation>发送给模型的提示词</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="29" />
        <source>{n} tokens with the template “{t}” · {free} of {ctx} left for the answer · {d} message(s) outside the window</source>
        <translation>使用模板“{t}”共 {n} 个 token · 回答可用 {free}/{ctx} · {d} 条消息在窗口之外</translation>
    </message>
</context>
<context>
    <name>SamplingPanel</name>
    <message>
        <location filename="../../deskchat/gui/sampling_panel.py" line="62" />
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sampling_panel.py" line="64" />
        <source>Randomness. Lower: focused and repeatable (0 always picks the likeliest token); higher: more varied and creative, and more mistakes.</source>
        <translation>随机性。调低：更专注、可重复（0 总是选最可能的 token）；调高：更多样、更有创意，也更容易出错。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sampling_panel.py" line="73" />
        <source>Top P</source>
        <translation>Top P</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sampling_panel.py" line="75" />
        <source>Sample only from the likeliest tokens that together reach this probability. Lower: safer words; 1: no limit.</source>
        <translation>只从累计概率达到该值的最可能 token 中采样。调低：用词更稳妥；1：不限制。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sampling_panel.py" line="84" />
        <source>Top K</source>
        <translation>Top K</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sampling_panel.py" line="86" />
        <source>Sample only from the K likeliest tokens. Lower: more predictable; 0: no limit.</source>
        <translation>只从最可能的 K 个 token 中采样。调低：更可预测；0：不限制。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sampling_panel.py" line="95" />
        <source>Min P</source>
        <translation>Min P</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sampling_panel.py" line="97" />
        <source>Drop tokens less likely than this fraction of the likeliest one. Higher: fewer odd words.</source>
        <translation>丢弃概率低于最可能 token 该比例的 token。调高：更少奇怪的词。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sampling_panel.py" line="106" />
        <source>Repeat penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sampling_panel.py" line="108" />
        <source>Above 1 discourages repeating recent tokens; too high makes the text unnatural.</source>
        <translation>大于 1 会抑制重复最近的 token；过高会让文字不自然。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sampling_panel.py" line="116" />
        <source>Max tokens</source>
        <translation>最大 token 数</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sampling_panel.py" line="118" />
        <source>The longest answer, in tokens. The answer also stops when the context is full.</source>
        <translation>回答的最大长度（token）。上下文满时回答也会停止。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sampling_panel.py" line="127" />
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sampling_panel.py" line="129" />
        <source>-1: a new random answer each time; any other number repeats the same answer for the same settings.</source>
        <translation>-1：每次得到新的随机回答；其他数字：相同设置下重复同样的回答。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sampling_panel.py" line="138" />
        <source>e.g. ###, END (comma separated)</source>
        <translation>例如 ###, END（用逗号分隔）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sampling_panel.py" line="139" />
        <source>The answer ends when the model writes one of these.</source>
        <translation>模型写出其中任意一个时，回答结束。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sampling_panel.py" line="141" />
        <source>Stop strings</source>
        <translation>停止字符串</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sampling_panel.py" line="142" />
        <source>Use the persona's defaults</source>
        <translation>使用人设的默认值</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="22" />
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="23" />
        <source>Open a GGUF model</source>
        <translation>打开 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="24" />
        <source>Send the message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="25" />
        <source>New line in the message</source>
        <translation>在消息中换行</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="26" />
        <source>Stop the answer (or cancel an edit)</source>
        <translation>停止回答（或取消编辑）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="27" />
        <source>Regenerate the last answer</source>
        <translation>重新生成最后的回答</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="28" />
        <source>Search all messages</source>
        <translation>搜索所有消息</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="29" />
        <source>Show the prompt sent to the model</source>
        <translation>显示发送给模型的提示词</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="30" />
        <source>Show how the message splits into tokens</source>
        <translation>显示消息如何切分成 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="31" />
        <source>Rename the chat</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="32" />
        <source>Preferences</source>
        <translation>偏好设置</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="33" />
        <source>This list</source>
        <translation>本列表</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="34" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="71" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="75" />
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="75" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="57" />
        <location filename="../../deskchat/gui/sidebar.py" line="137" />
        <location filename="../../deskchat/gui/sidebar.py" line="211" />
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="58" />
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>开始新对话 (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="62" />
        <source>Search all messages</source>
        <translation>搜索所有消息</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="99" />
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="120" />
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="121" />
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="122" />
        <source>Previous 7 days</source>
        <translation>过去 7 天</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="153" />
        <source>No message contains “{q}”</source>
        <translation>没有消息包含“{q}”</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="184" />
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="186" />
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="186" />
        <source>Pin</source>
        <translation>置顶</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="188" />
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="198" />
        <source>Rename chat</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="198" />
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="214" />
        <source>Delete chat</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="215" />
        <source>Delete “{t}” and all its messages? This cannot be undone.</source>
        <translation>删除“{t}”及其所有消息？此操作无法撤销。</translation>
    </message>
</context>
<context>
    <name>TokensDialog</name>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="53" />
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="57" />
        <source>{n} tokens for {c} characters</source>
        <translation>{c} 个字符共 {n} 个 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="64" />
        <source>Piece</source>
        <translation>片段</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="64" />
        <source>Token id</source>
        <translation>Token ID</translation>
    </message>
</context>
</TS>