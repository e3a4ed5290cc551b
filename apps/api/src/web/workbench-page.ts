/**
 * The workbench page. It shows the system's readiness and grows with the
 * features (inbox, publication list, dashboard) as their endpoints land.
 */
export const WORKBENCH_PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>gongkai 政务公开工作台</title>
<style>
  body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; margin: 0; background: #f5f6f8; color: #1f2329; }
  header { background: #b71c1c; color: #fff; padding: 16px 24px; }
  header h1 { margin: 0; font-size: 20px; }
  main { max-width: 960px; margin: 24px auto; padding: 0 16px; }
  section { background: #fff; border-radius: 6px; padding: 16px 20px; margin-bottom: 16px; box-shadow: 0 1px 2px rgba(0,0,0,.06); }
  h2 { font-size: 16px; margin: 0 0 12px; }
  table { border-collapse: collapse; width: 100%; }
  td, th { text-align: left; padding: 6px 8px; border-bottom: 1px solid #eee; }
  .up { color: #1b7f3b; } .down { color: #b71c1c; }
  a { color: #0b57d0; }
</style>
</head>
<body>
<header><h1>gongkai 政务公开工作台</h1></header>
<main>
  <section>
    <h2>系统状态</h2>
    <table id="status"><tr><td>正在检查……</td></tr></table>
  </section>
  <section>
    <h2>常用链接</h2>
    <ul>
      <li><a href="/api/docs">接口文档（OpenAPI）</a></li>
      <li><a href="/healthz">存活检查</a> · <a href="/readyz">就绪检查</a></li>
    </ul>
  </section>
</main>
<script>
  const names = { database: '数据库', temporal: '工作流引擎' };
  fetch('/readyz').then((r) => r.json()).then((body) => {
    const rows = Object.entries(body.checks).map(([k, v]) =>
      '<tr><td>' + (names[k] || k) + '</td><td class="' + v.status + '">' + (v.status === 'up' ? '正常' : '不可用') +
      '</td><td>' + (v.latencyMs !== undefined ? v.latencyMs + ' 毫秒' : '') + '</td><td>' + (v.error || '') + '</td></tr>');
    document.getElementById('status').innerHTML = rows.join('');
  }).catch(() => { document.getElementById('status').innerHTML = '<tr><td class="down">无法获取状态</td></tr>'; });
</script>
</body>
</html>
`;
