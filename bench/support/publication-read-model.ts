/**
 * Fills the publication read model with N synthetic items straight in SQL
 * (generate_series), shaped like five years of a municipal bureau's output:
 * 14 sections (the two demo ones plus twelve more, each with a 科室负责人 and a
 * few authors), four 分管领导 and the 主要负责人; mostly 工作动态 and 通知公告,
 * some policy documents (three levels); ten to fifteen items a working day.
 * Old items are settled (published, a few withdrawn or retracted, the odd
 * abandoned draft); the last 30 days hold the live work — items in review at
 * every level with an open task, drafts, returned items. Every item has its
 * draft versions and the review tasks its route implies (done, open,
 * cancelled), so the inbox index sees realistic history per assignee.
 *
 * Rows are consistent with libs/persistence/src/migrations/1764300002000-publication.ts;
 * ids are deterministic (md5 of the ordinal) and random() is seeded.
 */
import type { Pool } from 'pg';

const SECTIONS = [
  '学前教育科', '职业教育科', '高等教育科', '体育卫生与艺术教育科', '教师工作科', '财务科',
  '发展规划科', '安全稳定科', '教育督导室', '人事科', '语言文字科', '民办教育管理科',
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN = ['芳', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '华', '平'];

export const TOPICS = [
  '中小学安全教育', '义务教育招生入学', '校外培训规范管理', '教师资格认定', '学生资助', '校园食品安全', '暑期防溺水',
  '学前教育普及普惠', '职业院校技能大赛', '高考考务', '中考体育考试', '教育经费预算', '校舍安全排查', '心理健康教育',
  '课后服务', '学位申请', '民办学校年检', '教育信息化', '语言文字规范化', '教育督导评估', '教师培训', '家庭经济困难学生认定',
  '校园欺凌防治', '近视防控', '劳动教育', '科学教育', '乡村教师支持', '特殊教育', '学籍管理', '教材选用',
];
const KINDS = ['通知', '实施方案', '工作要点', '公示', '管理办法', '情况通报', '工作总结', '意见'];
const CATEGORIES: [string, number][] = [
  ['工作动态', 0.45], ['通知公告', 0.2], ['规范性文件', 0.07], ['其他政策文件', 0.06], ['政策解读', 0.06],
  ['规划计划', 0.05], ['财政预决算', 0.04], ['人事信息', 0.04], ['机构职能', 0.03],
];
const THREE_LEVEL_CATEGORIES = ['规范性文件', '其他政策文件', '政策解读'];

const name = (i: number) => SURNAMES[(i * 7) % SURNAMES.length] + GIVEN[(i * 5 + 3) % GIVEN.length];

interface Dept {
  id: string;
  head: [string, string];
  leader: [string, string];
  authors: [string, string][];
}

export interface ReadModelSummary {
  publications: number;
  versions: number;
  tasks: number;
  openTasks: number;
  byStatus: Record<string, number>;
  /** Open tasks per assignee, most first. */
  inboxes: { assignee: string; open: number }[];
  seconds: number;
}

/** Inserts the synthetic organisation and `count` items; answers what is now in the read model. */
export async function fillReadModel(pool: Pool, count: number): Promise<ReadModelSummary> {
  const t0 = performance.now();
  const depts: Dept[] = [
    { id: 'jichu', head: ['lina', '李娜'], leader: ['wangqiang', '王强'], authors: [['zhangwei', '张伟'], ['liuyang', '刘洋']] },
    { id: 'zhengce', head: ['zhoutao', '周涛'], leader: ['wangqiang', '王强'], authors: [['sunli', '孙丽']] },
  ];
  const leaders: [string, string][] = [1, 2, 3].map((l) => [`bench_ld_${l}`, name(100 + l)]);
  SECTIONS.forEach((_, n) => {
    const nn = String(n + 1).padStart(2, '0');
    depts.push({
      id: `bench${nn}`,
      head: [`bench_sh_${nn}`, name(n * 11 + 1)],
      leader: leaders[n % leaders.length],
      authors: [1, 2, 3].map((k) => [`bench_au_${nn}_${k}`, name(n * 11 + 1 + k)] as [string, string]),
    });
  });

  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // --------------------------------------------------------- organisation
    for (const [n, section] of SECTIONS.entries()) {
      const d = depts[n + 2];
      await client.query(`INSERT INTO departments (id, organisation_id, name, kind) VALUES ($1, 'demo', $2, 'section') ON CONFLICT DO NOTHING`, [
        d.id,
        section,
      ]);
      await client.query(`INSERT INTO users (id, name, department_id, roles) VALUES ($1, $2, $3, '{section_head}') ON CONFLICT DO NOTHING`, [
        d.head[0],
        d.head[1],
        d.id,
      ]);
      for (const [id, nm] of d.authors) {
        await client.query(`INSERT INTO users (id, name, department_id, roles) VALUES ($1, $2, $3, '{author}') ON CONFLICT DO NOTHING`, [id, nm, d.id]);
      }
    }
    for (const [id, nm] of leaders) {
      await client.query(`INSERT INTO users (id, name, department_id, roles) VALUES ($1, $2, 'lingdao', '{leader}') ON CONFLICT DO NOTHING`, [id, nm]);
    }
    for (const d of depts.slice(2)) {
      await client.query('INSERT INTO leader_departments (leader_id, department_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [d.leader[0], d.id]);
    }

    // ------------------------------------------------------------- the items
    await client.query('SELECT setseed(0.4242)');
    await client.query(`
      CREATE TEMP TABLE bench_depts ON COMMIT DROP AS
      SELECT ord::int AS idx, d->>'id' AS id, d->>'head' AS head, d->>'headName' AS head_name, d->>'leader' AS leader,
             d->>'leaderName' AS leader_name,
             ARRAY(SELECT jsonb_array_elements_text(d->'authors')) AS authors,
             ARRAY(SELECT jsonb_array_elements_text(d->'authorNames')) AS author_names
      FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(d, ord)`,
      [
        JSON.stringify(
          depts.map((d) => ({
            id: d.id,
            head: d.head[0],
            headName: d.head[1],
            leader: d.leader[0],
            leaderName: d.leader[1],
            authors: d.authors.map((a) => a[0]),
            authorNames: d.authors.map((a) => a[1]),
          })),
        ),
      ],
    );
    // Random draws once per item; created_at spread over five years, working hours.
    await client.query(
      `
      CREATE TEMP TABLE bench_gen ON COMMIT DROP AS
      SELECT i, md5('bench-publication-' || i)::uuid AS id,
             random() AS r_dept, random() AS r_author, random() AS r_cat, random() AS r_attr, random() AS r_status,
             random() AS r_level, random() AS r_topic, random() AS r_kind, random() AS r_over, random() AS r_rev,
             date_trunc('day', now() - random() * interval '1825 days') + interval '8 hours' + random() * interval '9 hours' AS created_at
      FROM generate_series(1, $1::int) AS i`,
      [count],
    );
    const cumulative: string[] = [];
    let acc = 0;
    for (const [code, weight] of CATEGORIES) {
      acc += weight;
      cumulative.push(`WHEN g.r_cat < ${acc.toFixed(4)} THEN '${code}'`);
    }
    await client.query(
      `
      CREATE TEMP TABLE bench_pub ON COMMIT DROP AS
      SELECT s.*,
             CASE WHEN s.category = ANY ($3::text[]) OR s.attribute <> 'proactive' THEN 3 ELSE 2 END AS levels,
             CASE WHEN s.recent THEN
                    CASE WHEN s.r_status < 0.45 THEN 'in_review' WHEN s.r_status < 0.60 THEN 'draft' WHEN s.r_status < 0.70 THEN 'returned'
                         WHEN s.r_status < 0.95 THEN 'published' ELSE 'withdrawn' END
                  ELSE
                    CASE WHEN s.r_status < 0.90 THEN 'published' WHEN s.r_status < 0.96 THEN 'withdrawn' WHEN s.r_status < 0.98 THEN 'retracted'
                         WHEN s.r_status < 0.99 THEN 'returned' ELSE 'draft' END
             END AS status
      FROM (
        SELECT g.*, d.id AS department_id, d.head, d.head_name, d.leader, d.leader_name,
               d.authors[1 + floor(g.r_author * cardinality(d.authors))::int] AS author_id,
               d.author_names[1 + floor(g.r_author * cardinality(d.authors))::int] AS author_name,
               CASE ${cumulative.join(' ')} ELSE '工作动态' END AS category,
               CASE WHEN g.r_attr < 0.92 THEN 'proactive' WHEN g.r_attr < 0.98 THEN 'on_request' ELSE 'not_disclosed' END AS attribute,
               g.created_at > now() - interval '30 days' AS recent,
               '关于' || ($1::text[])[1 + floor(g.r_topic * cardinality($1::text[]))::int] || '的'
                 || ($2::text[])[1 + floor(g.r_kind * cardinality($2::text[]))::int] AS title,
               CASE WHEN g.r_rev < 0.08 THEN 2 WHEN g.r_rev < 0.1 THEN 3 ELSE 1 END AS version
        FROM bench_gen g
        JOIN bench_depts d ON d.idx = CASE WHEN g.r_dept < 0.12 THEN 1 WHEN g.r_dept < 0.2 THEN 2
                                           ELSE 3 + least(11, floor((g.r_dept - 0.2) / 0.8 * 12)::int) END
      ) s`,
      [TOPICS, KINDS, THREE_LEVEL_CATEGORIES],
    );
    await client.query(`
      ALTER TABLE bench_pub
        ADD COLUMN stage_level int, ADD COLUMN published_at timestamptz, ADD COLUMN overdue boolean NOT NULL DEFAULT false,
        ADD COLUMN index_number text`);
    await client.query(`
      UPDATE bench_pub SET
        stage_level = CASE WHEN status = 'in_review' THEN 1 + floor(r_level * levels)::int END,
        published_at = CASE WHEN status IN ('published', 'retracted')
                            THEN least(now() - interval '1 minute', created_at + (1 + r_over * 12) * interval '1 day') END,
        overdue = status IN ('published', 'retracted') AND r_over > 0.97`);
    // Index numbers continue each year's counter (items the app already published keep theirs), and the counter moves on.
    await client.query(`
      UPDATE bench_pub b SET index_number = '003012345/' || n.y || '-' || lpad(n.serial::text, 5, '0')
      FROM (SELECT p.id, p.y, coalesce(c.last_serial, 0) + row_number() OVER (PARTITION BY p.y ORDER BY p.published_at, p.id) AS serial
            FROM (SELECT id, published_at, extract(year FROM published_at AT TIME ZONE 'Asia/Shanghai')::int::text AS y
                  FROM bench_pub WHERE published_at IS NOT NULL) p
            LEFT JOIN index_number_counter c ON c.organisation_code = '003012345' AND c.period = p.y) n
      WHERE n.id = b.id`);
    await client.query(`
      INSERT INTO index_number_counter (organisation_code, period, last_serial)
      SELECT '003012345', split_part(split_part(index_number, '/', 2), '-', 1), max(split_part(index_number, '-', 2)::int)
      FROM bench_pub WHERE index_number IS NOT NULL GROUP BY 2
      ON CONFLICT (organisation_code, period) DO UPDATE SET last_serial = greatest(index_number_counter.last_serial, excluded.last_serial)`);

    // publications
    await client.query(`
      INSERT INTO publications (
        id, organisation_id, department_id, author_id, author_name, category, attribute, attribute_reason, document_number,
        written_date, title, status, phase, version, workflow_id, stage_level, stage_role, assignee_id, assignee_name,
        stage_deciders, stage_since, stage_remind_at, stage_due, index_number, published_at, overdue, projected_seq, state,
        created_at, updated_at)
      SELECT b.id, 'demo', b.department_id, b.author_id, b.author_name, b.category, b.attribute,
             CASE WHEN b.attribute <> 'proactive' THEN '涉及个人隐私，依据《条例》第十五条' END,
             CASE WHEN b.category IN ('规范性文件', '其他政策文件') THEN '示教' || CASE WHEN b.category = '规范性文件' THEN '规' ELSE '发' END
                  || '〔' || extract(year FROM b.created_at)::int || '〕' || (b.i % 97 + 1) || '号' END,
             (b.created_at - interval '2 days')::date, b.title, b.status,
             CASE WHEN b.status = 'draft' AND b.r_level < 0.2 THEN 'awaiting_acknowledgement' ELSE b.status END,
             b.version, 'publication:' || b.id, b.stage_level,
             CASE b.stage_level WHEN 1 THEN 'section_head' WHEN 2 THEN 'leader' WHEN 3 THEN 'principal' END,
             CASE b.stage_level WHEN 1 THEN b.head WHEN 2 THEN b.leader WHEN 3 THEN 'chenjun' END,
             CASE b.stage_level WHEN 1 THEN b.head_name WHEN 2 THEN b.leader_name WHEN 3 THEN '陈军' END,
             CASE b.stage_level WHEN 1 THEN ARRAY[b.head] WHEN 2 THEN ARRAY[b.leader] WHEN 3 THEN ARRAY['chenjun'] ELSE '{}' END,
             CASE WHEN b.stage_level IS NOT NULL THEN b.created_at + b.stage_level * interval '1 day' END,
             CASE WHEN b.stage_level IS NOT NULL THEN b.created_at + (b.stage_level + 2) * interval '1 day' END,
             CASE WHEN b.stage_level IS NOT NULL THEN b.created_at + (b.stage_level + 7) * interval '1 day' END,
             b.index_number, b.published_at, b.overdue, 4 + 3 * b.levels,
             jsonb_build_object(
               'publicationId', b.id, 'status', b.status, 'phase', b.status, 'version', b.version,
               'route', (SELECT jsonb_agg(jsonb_build_object('level', l, 'role', (ARRAY['section_head', 'leader', 'principal'])[l],
                                                            'label', (ARRAY['科室负责人', '分管领导', '主要负责人'])[l]))
                         FROM generate_series(1, b.levels) l),
               'decisions', '[]'::jsonb, 'findings', '[]'::jsonb, 'warningsAcknowledged', false,
               'indexNumber', b.index_number, 'publishedAt', b.published_at, 'overdue', b.overdue),
             b.created_at, coalesce(b.published_at, b.created_at + interval '1 day')
      FROM bench_pub b`);

    // draft versions: 1..version, a notice-sized body
    await client.query(`
      INSERT INTO publication_versions (publication_id, version, title, body, document_number, written_date, created_by, created_at)
      SELECT b.id, v, b.title,
             '各区教育局、各直属学校：' || chr(10) || repeat('为切实做好' || b.title || '有关工作，现将有关事项通知如下。一、提高思想认识，加强组织领导。二、突出工作重点，狠抓工作落实。' || chr(10), 4)
               || '第 ' || v || ' 稿。',
             NULL, (b.created_at - interval '2 days')::date, b.author_id, b.created_at + (v - 1) * interval '2 days'
      FROM bench_pub b, generate_series(1, b.version) v`);

    // review tasks: done for every level passed, open at the current level, cancelled when withdrawn mid-review
    await client.query(`
      INSERT INTO review_tasks (publication_id, workflow_id, level, role, version, assignee_id, assignee_name, deciders, status,
                                created_at, remind_at, due_at, closed_at)
      SELECT t.id, 'publication:' || t.id, t.level, (ARRAY['section_head', 'leader', 'principal'])[t.level], t.version,
             t.assignee, t.assignee_name, ARRAY[t.assignee], t.task_status,
             t.created_at + t.level * interval '1 day',
             t.created_at + (t.level + 2) * interval '1 day',
             t.created_at + (t.level + 7) * interval '1 day',
             CASE WHEN t.task_status <> 'open' THEN t.created_at + (t.level + 1) * interval '1 day' END
      FROM (
        SELECT b.id, b.version, b.created_at, l AS level,
               CASE l WHEN 1 THEN b.head WHEN 2 THEN b.leader ELSE 'chenjun' END AS assignee,
               CASE l WHEN 1 THEN b.head_name WHEN 2 THEN b.leader_name ELSE '陈军' END AS assignee_name,
               CASE WHEN b.status = 'in_review' AND l = b.stage_level THEN 'open'
                    WHEN b.status = 'withdrawn' AND l = b.last_level THEN 'cancelled'
                    ELSE 'done' END AS task_status
        FROM (
          SELECT bp.*, CASE bp.status
                         WHEN 'published' THEN bp.levels WHEN 'retracted' THEN bp.levels
                         WHEN 'in_review' THEN bp.stage_level
                         WHEN 'withdrawn' THEN floor(bp.r_level * (bp.levels + 1))::int
                         WHEN 'returned' THEN 1 + floor(bp.r_level * bp.levels)::int
                         ELSE 0 END AS last_level
          FROM bench_pub bp
        ) b, generate_series(1, b.last_level) l
      ) t`);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  await pool.query('VACUUM ANALYZE publications');
  await pool.query('VACUUM ANALYZE publication_versions');
  await pool.query('VACUUM ANALYZE review_tasks');
  // Write the bulk load out now rather than in a checkpoint in the middle of the measurements.
  await pool.query('CHECKPOINT');

  const one = async (sql: string) => Number((await pool.query(sql)).rows[0].n);
  const byStatus: Record<string, number> = {};
  for (const r of (await pool.query('SELECT status, count(*)::int AS n FROM publications GROUP BY status ORDER BY 2 DESC')).rows) byStatus[r.status] = r.n;
  const inboxes = (
    await pool.query(`SELECT assignee_id AS assignee, count(*)::int AS open FROM review_tasks WHERE status = 'open' GROUP BY 1 ORDER BY 2 DESC`)
  ).rows as { assignee: string; open: number }[];
  return {
    publications: await one('SELECT count(*) AS n FROM publications'),
    versions: await one('SELECT count(*) AS n FROM publication_versions'),
    tasks: await one('SELECT count(*) AS n FROM review_tasks'),
    openTasks: await one(`SELECT count(*) AS n FROM review_tasks WHERE status = 'open'`),
    byStatus,
    inboxes,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** Milliseconds one durable single-row autocommit INSERT takes on this disk (median of `n`). */
export async function durableCommitMs(pool: Pool, n = 200): Promise<number> {
  await pool.query('CREATE TABLE IF NOT EXISTS bench_commit (id bigserial PRIMARY KEY, v text NOT NULL)');
  const times: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await pool.query('INSERT INTO bench_commit (v) VALUES ($1)', ['x']);
      times.push(performance.now() - t0);
    }
  } finally {
    await pool.query('DROP TABLE bench_commit');
  }
  return times.sort((a, b) => a - b)[Math.floor(n / 2)];
}

/** Tokens' identities for the synthetic users the inbox/list figures are taken as. */
export const BENCH_USERS = {
  sectionHead: { username: 'bench_sh_01', name: name(1), departmentId: 'bench01', roles: ['section_head'] as const },
  leader: { username: 'bench_ld_1', name: name(101), departmentId: 'lingdao', roles: ['leader'] as const },
  author: { username: 'bench_au_01_1', name: name(2), departmentId: 'bench01', roles: ['author'] as const },
};
