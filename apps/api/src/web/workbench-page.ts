/**
 * The workbench page (工作台): plain HTML and fetch against the JSON API, no
 * build step. The bearer token is pasted once and kept in localStorage. Text
 * from the API is always inserted as text (esc), never as markup.
 *
 * Its CSP admits the inline <script> and <style> below by hash (computed from
 * this text, see web.controller.ts) and nothing else inline: no style="…"
 * attributes and no on…= handlers, or the browser will ignore them.
 */
export const WORKBENCH_PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>gongkai 政务公开工作台</title>
<style>
  body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; margin: 0; background: #f5f6f8; color: #1f2329; font-size: 14px; }
  header { background: #b71c1c; color: #fff; padding: 12px 24px; display: flex; align-items: center; gap: 16px; flex-wrap: wrap; }
  header h1 { margin: 0; font-size: 20px; flex: 1; }
  header .who { font-size: 13px; }
  nav { background: #fff; border-bottom: 1px solid #e5e6eb; padding: 0 24px; display: flex; gap: 4px; }
  nav button { background: none; border: none; border-bottom: 2px solid transparent; padding: 12px 14px; font-size: 14px; cursor: pointer; color: #1f2329; }
  nav button.on { border-bottom-color: #b71c1c; color: #b71c1c; font-weight: 600; }
  main { max-width: 1080px; margin: 20px auto; padding: 0 16px; }
  section { background: #fff; border-radius: 6px; padding: 16px 20px; margin-bottom: 16px; box-shadow: 0 1px 2px rgba(0,0,0,.06); }
  h2 { font-size: 16px; margin: 0 0 12px; }
  h3 { font-size: 14px; margin: 16px 0 8px; }
  table { border-collapse: collapse; width: 100%; }
  td, th { text-align: left; padding: 6px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
  th { color: #646a73; font-weight: normal; }
  tr.row:hover { background: #fafafa; cursor: pointer; }
  input, select, textarea { font: inherit; padding: 5px 8px; border: 1px solid #d0d3d9; border-radius: 4px; box-sizing: border-box; }
  textarea { width: 100%; }
  button.act { font: inherit; padding: 5px 14px; border-radius: 4px; border: 1px solid #b71c1c; background: #b71c1c; color: #fff; cursor: pointer; margin: 4px 6px 4px 0; }
  button.plain { font: inherit; padding: 5px 14px; border-radius: 4px; border: 1px solid #d0d3d9; background: #fff; cursor: pointer; margin: 4px 6px 4px 0; }
  .tag { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; background: #eef0f3; }
  .s-in_review { background: #e8f0fe; color: #0b57d0; } .s-published { background: #e6f4ea; color: #1b7f3b; }
  .s-returned { background: #fdecea; color: #b71c1c; } .s-withdrawn, .s-retracted { background: #f1f1f1; color: #888; }
  .late { color: #b71c1c; font-weight: 600; }
  .muted { color: #8f959e; } .err { color: #b71c1c; white-space: pre-wrap; } .ok { color: #1b7f3b; }
  .up { color: #1b7f3b; } .down { color: #b71c1c; }
  .bodytext { white-space: pre-wrap; background: #fafafa; border: 1px solid #eee; padding: 10px; border-radius: 4px; max-height: 320px; overflow: auto; }
  .grid { display: grid; grid-template-columns: 110px 1fr; gap: 6px 12px; }
  .grid label { color: #646a73; padding-top: 6px; }
  .filters { display: flex; gap: 8px; flex-wrap: wrap; margin-bottom: 10px; align-items: center; }
  .hidden { display: none; }
  .wide { width: 60%; }
  a { color: #0b57d0; }
</style>
</head>
<body>
<header>
  <h1>gongkai 政务公开工作台</h1>
  <span class="who" id="who">未登录</span>
</header>
<nav id="tabs">
  <button data-tab="tasks">我的待办</button>
  <button data-tab="list">稿件列表</button>
  <button data-tab="new">起草稿件</button>
  <button data-tab="catalog">公开目录</button>
  <button data-tab="login">令牌</button>
  <button data-tab="system">系统状态</button>
</nav>
<main>
  <section id="tab-login" class="hidden">
    <h2>登录令牌</h2>
    <p class="muted">粘贴 Bearer 令牌（本地演示：<code>npm run token -- 用户名</code>，或 <code>npm start</code> 启动时打印的令牌）。令牌只保存在本浏览器。</p>
    <textarea id="token" rows="4" placeholder="eyJhbGciOi..."></textarea>
    <div><button class="act" id="save-token">保存</button><button class="plain" id="clear-token">退出</button> <span id="token-msg"></span></div>
  </section>

  <section id="tab-tasks" class="hidden">
    <h2>我的待办</h2>
    <div id="tasks"></div>
  </section>

  <section id="tab-list" class="hidden">
    <h2>稿件列表</h2>
    <div class="filters">
      <select id="f-status"><option value="">全部状态</option></select>
      <input id="f-text" placeholder="标题包含…">
      <label><input type="checkbox" id="f-overdue"> 只看超期发布</label>
      <button class="plain" id="f-go">查询</button>
    </div>
    <div id="list"></div>
  </section>

  <section id="tab-new" class="hidden">
    <h2>起草稿件</h2>
    <div class="grid">
      <label>标题</label><input id="n-title">
      <label>主题分类</label><select id="n-category"></select>
      <label>公开属性</label><select id="n-attribute"><option value="proactive">主动公开</option><option value="on_request">依申请公开</option><option value="not_disclosed">不予公开</option></select>
      <label>属性理由</label><input id="n-reason" placeholder="依申请公开、不予公开时必填：法定理由">
      <label>文号</label><input id="n-docno" placeholder="如 示教〔2026〕5号（可不填）">
      <label>成文日期</label><input id="n-date" type="date">
      <label>正文</label><textarea id="n-body" rows="10"></textarea>
    </div>
    <button class="act" id="n-create">保存草稿</button><span id="n-msg"></span>
  </section>

  <section id="tab-catalog" class="hidden">
    <h2>政府信息公开目录</h2>
    <div class="filters"><input id="c-text" placeholder="标题包含…"><button class="plain" id="c-go">查询</button></div>
    <div id="catalog"></div>
  </section>

  <section id="tab-system" class="hidden">
    <h2>系统状态</h2>
    <table id="status"><tr><td>正在检查……</td></tr></table>
    <h3>常用链接</h3>
    <ul>
      <li><a href="/api/docs">接口文档（OpenAPI）</a></li>
      <li><a href="/healthz">存活检查</a> · <a href="/readyz">就绪检查</a></li>
    </ul>
  </section>

  <section id="detail" class="hidden"></section>
</main>
<script>
(function () {
  var STATUS = { draft: '草稿', returned: '已退回', in_review: '审核中', published: '已发布', withdrawn: '已撤回', retracted: '发布后撤回' };
  var PHASE = { screening: '自动检查中', awaiting_acknowledgement: '待确认检查提示', publishing: '发布中' };
  var ROLE = { author: '撰稿人', section_head: '科室负责人', leader: '分管领导', principal: '主要负责人', office: '政务公开办' };
  var ATTR = { proactive: '主动公开', on_request: '依申请公开', not_disclosed: '不予公开' };
  var KIND = { created: '起草', submitted: '提交', revised: '提交修订稿', screening_blocked: '自动检查未通过', screening_warned: '自动检查有提示',
    warnings_acknowledged: '确认检查提示', review_started: '进入审核', assigned: '转下一级', approved: '通过', rejected: '退回',
    changes_requested: '要求修改', confidentiality_stopped: '保密审查不予发布', reminded: '催办', escalated: '逾期升级',
    published: '发布', portal_failed: '门户推送失败', withdrawn: '撤回', retracted: '发布后撤回', refused: '操作被拒绝' };

  function $(id) { return document.getElementById(id); }
  function esc(v) {
    return String(v === null || v === undefined ? '' : v).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function when(iso) { return iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : ''; }
  function statusTag(s, phase) {
    var label = STATUS[s] || s;
    if (PHASE[phase]) label += '·' + PHASE[phase];
    return '<span class="tag s-' + esc(s) + '">' + esc(label) + '</span>';
  }
  function token() { return localStorage.getItem('gongkai.token') || ''; }
  function me() {
    try {
      var raw = atob(token().split('.')[1].replace(/-/g, '+').replace(/_/g, '/'));
      var bytes = new Uint8Array(raw.length);
      for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
      return JSON.parse(new TextDecoder().decode(bytes));
    } catch (e) { return null; }
  }
  function api(method, path, body) {
    var headers = {};
    if (token()) headers.authorization = 'Bearer ' + token();
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (r) {
        return r.text().then(function (t) {
          var data = t ? JSON.parse(t) : null;
          if (!r.ok) {
            var msg = (data && data.message) || ('HTTP ' + r.status);
            if (data && data.errors) msg += '\\n' + data.errors.map(function (e) { return e.field + '：' + e.messages.join('；'); }).join('\\n');
            var err = new Error(msg); err.status = r.status; throw err;
          }
          return data;
        });
      });
  }
  function fail(target) { return function (e) { $(target).innerHTML = '<p class="err">' + esc(e.message) + '</p>'; }; }

  // ------------------------------------------------------------ tabs
  function show(tab) {
    Array.prototype.forEach.call(document.querySelectorAll('main > section'), function (s) { s.classList.add('hidden'); });
    Array.prototype.forEach.call(document.querySelectorAll('#tabs button'), function (b) { b.classList.toggle('on', b.dataset.tab === tab); });
    $('tab-' + tab).classList.remove('hidden');
    var load = { tasks: loadTasks, list: loadList, catalog: loadCatalog, system: loadStatus, new: loadCategories }[tab];
    if (load) load();
  }
  $('tabs').addEventListener('click', function (e) { if (e.target.dataset.tab) show(e.target.dataset.tab); });

  // ------------------------------------------------------------ token
  function renderWho() {
    var u = me();
    $('who').textContent = u ? (u.name + '（' + u.sub + '，' + (u.roles || []).map(function (r) { return ROLE[r] || r; }).join('、') + '）') : '未登录';
    $('token').value = token();
  }
  $('save-token').onclick = function () {
    localStorage.setItem('gongkai.token', $('token').value.trim().replace(/^Bearer\\s+/i, ''));
    renderWho();
    $('token-msg').innerHTML = me() ? '<span class="ok">已保存</span>' : '<span class="err">这不像是一个令牌</span>';
  };
  $('clear-token').onclick = function () { localStorage.removeItem('gongkai.token'); renderWho(); $('token-msg').textContent = '已退出'; };

  // ------------------------------------------------------------ inbox
  function loadTasks() {
    if (!token()) { $('tasks').innerHTML = '<p class="muted">请先在“令牌”页粘贴令牌。</p>'; return; }
    $('tasks').innerHTML = '<p class="muted">加载中……</p>';
    api('GET', '/tasks').then(function (tasks) {
      if (!tasks.length) { $('tasks').innerHTML = '<p class="muted">没有等待您处理的稿件。</p>'; return; }
      var now = Date.now();
      $('tasks').innerHTML = '<table><tr><th>标题</th><th>部门</th><th>作者</th><th>审核级别</th><th>收到</th><th>到期</th></tr>' +
        tasks.map(function (t) {
          var late = t.dueAt && Date.parse(t.dueAt) < now;
          return '<tr class="row" data-id="' + esc(t.publicationId) + '"><td>' + esc(t.title) + (t.delegateOf ? ' <span class="muted">（代 ' + esc(t.delegateOf) + '）</span>' : '') +
            '</td><td>' + esc(t.departmentName) + '</td><td>' + esc(t.authorName) + '</td><td>第 ' + esc(t.level) + ' 级 ' + esc(ROLE[t.role] || t.role) +
            '</td><td>' + esc(when(t.createdAt)) + '</td><td class="' + (late ? 'late' : '') + '">' + esc(when(t.dueAt)) + (late ? ' 已超期' : '') + '</td></tr>';
        }).join('') + '</table>';
    }).catch(fail('tasks'));
  }
  $('tasks').addEventListener('click', openRow);

  // ------------------------------------------------------------ list
  Object.keys(STATUS).forEach(function (k) { $('f-status').insertAdjacentHTML('beforeend', '<option value="' + k + '">' + STATUS[k] + '</option>'); });
  var listPage = 1;
  function loadList() {
    if (!token()) { $('list').innerHTML = '<p class="muted">请先在“令牌”页粘贴令牌。</p>'; return; }
    var q = ['page=' + listPage, 'pageSize=20'];
    if ($('f-status').value) q.push('status=' + encodeURIComponent($('f-status').value));
    if ($('f-text').value.trim()) q.push('text=' + encodeURIComponent($('f-text').value.trim()));
    if ($('f-overdue').checked) q.push('overdue=true');
    api('GET', '/publications?' + q.join('&')).then(function (page) {
      var pages = Math.max(1, Math.ceil(page.total / page.pageSize));
      $('list').innerHTML = '<table><tr><th>标题</th><th>部门</th><th>作者</th><th>分类</th><th>状态</th><th>当前经办</th><th>索引号</th><th>创建</th></tr>' +
        page.items.map(function (p) {
          return '<tr class="row" data-id="' + esc(p.id) + '"><td>' + esc(p.title) + (p.overdue ? ' <span class="late">超期</span>' : '') + '</td><td>' + esc(p.departmentName) +
            '</td><td>' + esc(p.authorName) + '</td><td>' + esc(p.category) + '</td><td>' + statusTag(p.status, p.phase) + '</td><td>' +
            (p.stage ? '第 ' + esc(p.stage.level) + ' 级 ' + esc(p.stage.assigneeName) : '') + '</td><td>' + esc(p.indexNumber || '') + '</td><td>' + esc(when(p.createdAt)) + '</td></tr>';
        }).join('') + '</table><p>共 ' + page.total + ' 件 · 第 ' + page.page + '/' + pages + ' 页 ' +
        (page.page > 1 ? '<button class="plain" data-page="' + (page.page - 1) + '">上一页</button>' : '') +
        (page.page < pages ? '<button class="plain" data-page="' + (page.page + 1) + '">下一页</button>' : '') + '</p>';
    }).catch(fail('list'));
  }
  $('f-go').onclick = function () { listPage = 1; loadList(); };
  $('list').addEventListener('click', function (e) {
    if (e.target.dataset.page) { listPage = Number(e.target.dataset.page); loadList(); return; }
    openRow(e);
  });
  function openRow(e) {
    var tr = e.target.closest('tr.row');
    if (tr) openItem(tr.dataset.id);
  }

  // ------------------------------------------------------------ one item
  var current = null;
  function openItem(id) {
    api('GET', '/publications/' + encodeURIComponent(id)).then(function (p) {
      current = p;
      return api('GET', '/publications/' + encodeURIComponent(id) + '/timeline').then(function (tl) { renderItem(p, tl); });
    }).catch(function (e) { $('detail').classList.remove('hidden'); $('detail').innerHTML = '<p class="err">' + esc(e.message) + '</p>'; });
  }
  function renderItem(p, timeline) {
    var u = me() || {};
    var isAuthor = u.sub === p.authorId;
    var canDecide = p.status === 'in_review' && p.stage && (p.stage.deciders || [p.stage.assignee]).indexOf(u.sub) >= 0;
    var html = '<h2>' + esc(p.title) + ' ' + statusTag(p.status, p.phase) + '</h2>' +
      '<div class="grid"><label>部门 / 作者</label><div>' + esc(p.departmentName) + ' / ' + esc(p.authorName) + '</div>' +
      '<label>分类 / 属性</label><div>' + esc(p.category) + ' / ' + esc(ATTR[p.attribute] || p.attribute) + (p.attributeReason ? '（' + esc(p.attributeReason) + '）' : '') + '</div>' +
      '<label>文号 / 成文日期</label><div>' + esc(p.documentNumber || '—') + ' / ' + esc(p.writtenDate || '—') + '</div>' +
      '<label>版本</label><div>第 ' + esc(p.version) + ' 版</div>' +
      (p.stage ? '<label>当前步骤</label><div>第 ' + esc(p.stage.level) + ' 级 ' + esc(p.stage.label) + '：' + esc(p.stage.assigneeName) + '，到期 ' + esc(when(p.stage.dueAt)) + '</div>' : '') +
      (p.indexNumber ? '<label>索引号</label><div>' + esc(p.indexNumber) + '，发布于 ' + esc(when(p.publishedAt)) + (p.overdue ? ' <span class="late">超期发布</span>' : '') + '</div>' : '') +
      (p.closingReason ? '<label>原因</label><div>' + esc(p.closingReason) + '</div>' : '') + '</div>' +
      '<h3>正文</h3><div class="bodytext">' + esc(p.body) + '</div>';
    if (p.findings && p.findings.length) {
      html += '<h3>自动检查发现</h3><ul>' + p.findings.map(function (f) {
        return '<li class="' + (f.severity === 'block' ? 'err' : '') + '">' + (f.severity === 'block' ? '必须修改' : '提示') + '：' + esc(f.text) + (f.suggestion ? ' → ' + esc(f.suggestion) : '') + '</li>';
      }).join('') + '</ul>';
    }
    html += '<h3>操作</h3><div id="acts">';
    if (isAuthor && (p.phase === 'draft' || p.phase === 'returned')) html += '<button class="act" data-act="submit">提交审核</button>';
    if (isAuthor && p.phase === 'awaiting_acknowledgement') html += '<button class="act" data-act="acknowledge-warnings">确认提示并进入审核</button>';
    if (canDecide) {
      if (p.stage.level === 1) html += '<div>保密审查结论：<select id="conf"><option value="not_secret">不涉密，可以公开</option><option value="secret">涉密，不予发布</option></select> <input id="conf-note" placeholder="说明"></div>';
      html += '<div><input id="opinion" class="wide" placeholder="审核意见 / 退回理由"></div>' +
        '<button class="act" data-act="approve">通过</button><button class="plain" data-act="request-changes">要求修改</button><button class="plain" data-act="reject">退回</button>';
    }
    if (isAuthor && ['draft', 'returned', 'in_review'].indexOf(p.status) >= 0) html += '<button class="plain" data-act="withdraw">撤回</button>';
    if (u.roles && u.roles.indexOf('principal') >= 0 && p.status === 'published') html += '<button class="plain" data-act="retract">发布后撤回</button>';
    html += '<span id="act-msg"></span></div>';
    if (isAuthor && ['draft', 'returned', 'in_review'].indexOf(p.status) >= 0) {
      html += '<h3>修订（提交后从第一级重新审核）</h3><div class="grid"><label>标题</label><input id="r-title" value="' + esc(p.title) + '">' +
        '<label>正文</label><textarea id="r-body" rows="8">' + esc(p.body) + '</textarea></div><button class="plain" data-act="revise">提交修订稿</button>';
    }
    html += '<h3>时间线</h3><table><tr><th>时间</th><th>事件</th><th>人员</th><th>版本</th><th>说明</th></tr>' + timeline.map(function (t) {
      var d = t.detail || {};
      var note = d.reason || d.comment || (d.indexNumber ? '索引号 ' + d.indexNumber : '') || (d.assignee ? '经办 ' + d.assignee : '');
      if (d.count > 1) note += '（本小时共 ' + d.count + ' 次）';
      return '<tr><td>' + esc(when(t.at)) + '</td><td>' + esc(KIND[t.kind] || t.kind) + (d.action ? '（' + esc(d.action) + '）' : '') + '</td><td>' + esc(t.actorName || '') +
        '</td><td>' + esc(t.version || '') + '</td><td>' + esc(note) + '</td></tr>';
    }).join('') + '</table>';
    $('detail').innerHTML = html;
    $('detail').classList.remove('hidden');
    $('detail').scrollIntoView({ behavior: 'smooth' });
  }
  $('detail').addEventListener('click', function (e) {
    var act = e.target.dataset && e.target.dataset.act;
    if (!act || !current) return;
    var p = current, body;
    var opinion = $('opinion') ? $('opinion').value.trim() : '';
    if (act === 'submit' || act === 'acknowledge-warnings') body = { version: p.version };
    else if (act === 'approve') {
      body = { version: p.version, level: p.stage.level };
      if (opinion) body.comment = opinion;
      if ($('conf')) body.confidentiality = { conclusion: $('conf').value, note: $('conf-note').value.trim() || undefined };
    } else if (act === 'reject' || act === 'request-changes') body = { version: p.version, level: p.stage.level, reason: opinion };
    else if (act === 'withdraw') body = { reason: prompt('撤回原因（可不填）') || undefined };
    else if (act === 'retract') { var r = prompt('发布后撤回的理由（必填）'); if (!r) return; body = { reason: r }; }
    else if (act === 'revise') body = { version: p.version, title: $('r-title').value, body: $('r-body').value, writtenDate: p.writtenDate,
      documentNumber: p.documentNumber || undefined, validity: p.validity };
    $('act-msg').textContent = ' 处理中……';
    api('POST', '/publications/' + encodeURIComponent(p.id) + '/' + act, body).then(function () { openItem(p.id); })
      .catch(function (err) { $('act-msg').innerHTML = ' <span class="err">' + esc(err.message) + '</span>'; });
  });

  // ------------------------------------------------------------ new draft
  var categoriesLoaded = false;
  function loadCategories() {
    if (!$('n-date').value) $('n-date').value = new Date().toISOString().slice(0, 10);
    if (categoriesLoaded) return;
    api('GET', '/catalog/categories').then(function (cats) {
      categoriesLoaded = true;
      $('n-category').innerHTML = cats.map(function (c) {
        return '<option value="' + esc(c.code) + '">' + (c.parentCode ? '\u3000' : '') + esc(c.name) + '</option>';
      }).join('');
      $('n-category').value = '工作动态';
    }).catch(fail('n-msg'));
  }
  $('n-create').onclick = function () {
    var body = { title: $('n-title').value, body: $('n-body').value, category: $('n-category').value, attribute: $('n-attribute').value, writtenDate: $('n-date').value };
    if ($('n-reason').value.trim()) body.attributeReason = $('n-reason').value.trim();
    if ($('n-docno').value.trim()) body.documentNumber = $('n-docno').value.trim();
    api('POST', '/publications', body).then(function (p) {
      $('n-msg').innerHTML = ' <span class="ok">已保存草稿，请在详情中提交审核</span>';
      openItem(p.id);
    }).catch(fail('n-msg'));
  };

  // ------------------------------------------------------------ catalogue (public)
  function loadCatalog() {
    var q = 'pageSize=50' + ($('c-text').value.trim() ? '&text=' + encodeURIComponent($('c-text').value.trim()) : '');
    api('GET', '/catalog?' + q).then(function (page) {
      if (!page.items.length) { $('catalog').innerHTML = '<p class="muted">目录中还没有信息。</p>'; return; }
      $('catalog').innerHTML = '<table><tr><th>索引号</th><th>标题</th><th>发布机构</th><th>主题分类</th><th>文号</th><th>发布日期</th><th>状态</th></tr>' +
        page.items.map(function (c) {
          return '<tr class="row" data-index="' + esc(c.indexNumber) + '"><td>' + esc(c.indexNumber) + '</td><td>' + esc(c.title) + '</td><td>' + esc(c.organisationName) +
            '</td><td>' + esc(c.categoryName) + '</td><td>' + esc(c.documentNumber || '') + '</td><td>' + esc(when(c.publishedAt)) + '</td><td>' +
            (c.status === 'withdrawn' ? '<span class="tag s-withdrawn">已撤回</span>' : '<span class="tag s-published">' + esc(c.validity) + '</span>') + '</td></tr>';
        }).join('') + '</table><div id="entry"></div>';
    }).catch(fail('catalog'));
  }
  $('c-go').onclick = loadCatalog;
  $('catalog').addEventListener('click', function (e) {
    var tr = e.target.closest('tr.row');
    if (!tr) return;
    api('GET', '/catalog/' + encodeURIComponent(tr.dataset.index)).then(function (c) {
      $('entry').innerHTML = '<h3>' + esc(c.title) + '</h3><div class="grid"><label>索引号</label><div>' + esc(c.indexNumber) + '</div><label>主题分类</label><div>' +
        esc((c.parentCategoryName ? c.parentCategoryName + ' / ' : '') + c.categoryName) + '</div><label>发布机构</label><div>' + esc(c.organisationName) +
        '</div><label>成文日期</label><div>' + esc(c.writtenDate || '') + '</div><label>发布日期</label><div>' + esc(when(c.publishedAt)) + '</div><label>文号</label><div>' +
        esc(c.documentNumber || '') + '</div><label>有效性</label><div>' + esc(c.validity) + '</div><label>公开方式 / 范围</label><div>' + esc(c.disclosureMethod) + ' / ' + esc(c.scope) +
        '</div>' + (c.status === 'withdrawn' ? '<label>已撤回</label><div class="err">' + esc(when(c.withdrawnAt)) + ' ' + esc(c.withdrawnReason || '') + '</div>' : '') +
        '</div><div class="bodytext">' + esc(c.body) + '</div>';
    }).catch(fail('entry'));
  });

  // ------------------------------------------------------------ system
  function loadStatus() {
    var names = { database: '数据库', temporal: '工作流引擎' };
    fetch('/readyz').then(function (r) { return r.json(); }).then(function (body) {
      $('status').innerHTML = Object.keys(body.checks).map(function (k) {
        var v = body.checks[k];
        return '<tr><td>' + esc(names[k] || k) + '</td><td class="' + esc(v.status) + '">' + (v.status === 'up' ? '正常' : '不可用') +
          '</td><td>' + (v.latencyMs !== undefined ? esc(v.latencyMs) + ' 毫秒' : '') + '</td><td>' + esc(v.error || '') + '</td></tr>';
      }).join('');
    }).catch(function () { $('status').innerHTML = '<tr><td class="down">无法获取状态</td></tr>'; });
  }

  renderWho();
  show(token() ? 'tasks' : 'login');
})();
</script>
</body>
</html>
`;
