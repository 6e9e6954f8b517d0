import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service.js';
import { hasPositiveTerms, type SearchText } from './search-text.js';

export interface SearchFilter {
  workspaceId: string;
  userId: string;
  // The caller's workspace role as the service read it: it chooses the plan (a guest's few pages
  // or the workspace's index) and can only narrow what is visible (the statement checks the role
  // itself, so a role changed since it was read never shows a page the caller can't read).
  role: string;
  text: SearchText;
  underId: string | null;
  // Pages this person edited (PageEditor).
  editedById: string | null;
  from: Date | null;
  to: Date | null;
  includeTrash: boolean;
  sort: 'relevance' | 'edited';
  offset: number;
  limit: number;
}

export interface SearchHit {
  id: string;
  title: string;
  icon: string | null;
  deletedAt: Date | null;
  editedAt: Date;
  // ts_headline output (matches between MATCH_START and MATCH_STOP), or the text's start.
  headline: string;
}

export interface SearchPage {
  hits: SearchHit[];
  // Matches the caller may read, exact up to the cap; `capped` when there are more.
  total: number;
  capped: boolean;
}

export interface ChainRow {
  resultId: string;
  id: string;
  parentId: string | null;
  title: string;
  icon: string | null;
  deletedAt: Date | null;
  depth: number;
}

const HEADLINE_OPTIONS = `format('StartSel=%s, StopSel=%s, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "', chr(2), chr(3))`;
const NO_MARKS = `translate(d."text", chr(2) || chr(3), '')`;
// Bounds on one query's work, whatever the number of matches (see docs/DECISIONS.md, "Search"):
// matches are counted up to TOTAL_CAP ("100+"), at most RANKED_CANDIDATES of them (the most
// recently edited) get the costly cover-density rank, plus at most TITLE_CANDIDATES pages whose
// titles resemble the query; the newest matches are looked for among at most NEWEST_SCAN pages.
export const TOTAL_CAP = 100;
const RANKED_CANDIDATES = 100;
const TITLE_CANDIDATES = 50;
const NEWEST_SCAN = 1000;

// The search engine: Postgres full-text search over PageSearch (one narrow row per page, kept by
// triggers on Page and Document, see the migration 20261129191000_page_search) plus pg_trgm on titles. Every statement of the engine is here, so
// another engine (Meilisearch, OpenSearch) replaces this one class. Permission filtering happens in
// the statement itself, with AccessService's rules (access/role-rules.ts): owners, admins and
// members read every live page; guests the pages shared with them and their descendants; trashed
// pages only owners and admins, and only when asked. So neither results nor `total` ever count a page
// the caller may not read.
@Injectable()
export class SearchRepository {
  constructor(private readonly prisma: PrismaService) {}

  async search(f: SearchFilter): Promise<SearchPage> {
    const params: unknown[] = [f.workspaceId, f.userId];
    const p = (value: unknown, cast: string) => {
      params.push(value);
      return `$${params.length}::${cast}`;
    };
    const positive = hasPositiveTerms(f.text);
    // The caller's workspace role as the service read it chooses the plan: a guest's matches are
    // looked for among their own pages, anyone else's in the workspace's index. It never widens
    // what is visible: the statement checks the role itself, each plan with the condition of its
    // role only (members: the role; guests: the role, through `granted`, and the pages shared), so
    // a role that changed in between yields the narrower of the two answers, never a page the
    // caller can't read. A member's statement then has no share walk to plan (its recursive CTE and
    // three hashed subplans were planned on every query and executed on none).
    const fromGranted = f.role === 'guest';
    const ctes: string[] = [`me AS (SELECT role::text AS role FROM "WorkspaceMember" WHERE "workspaceId" = $1::uuid AND "userId" = $2::uuid)`];
    if (fromGranted) {
      // A guest's pages: those shared with them and every descendant (inheritance), trashed or not
      // on the way down; trashed ones are dropped below, as pageRole does.
      ctes.push(`granted AS MATERIALIZED (
         SELECT s."pageId" AS id FROM "PageShare" s JOIN "Page" sp ON sp.id = s."pageId"
         WHERE s."userId" = $2::uuid AND sp."workspaceId" = $1::uuid AND EXISTS (SELECT 1 FROM me WHERE role = 'guest')
         UNION
         -- Each page's children by the parentId index (OFFSET 0 keeps the lookup per page: as a
         -- join the planner read every page of the workspace to find a few hundred children).
         SELECT c.id FROM granted g CROSS JOIN LATERAL (SELECT id FROM "Page" c WHERE c."parentId" = g.id OFFSET 0) c
       )`);
    }
    // Every condition reads the PageSearch row (s) alone: its workspace, trash state and last edit
    // are copies kept by triggers, so no match is joined to its Page or Document row until it is
    // one of the few ranked or shown.
    const where: string[] = [
      fromGranted ? `me.role = 'guest' AND s."pageId" IN (SELECT id FROM granted)` : `me.role IN ('owner', 'admin', 'member')`,
      f.includeTrash ? `(s."deletedAt" IS NULL OR me.role IN ('owner', 'admin'))` : `s."deletedAt" IS NULL`,
    ];
    if (f.underId) {
      ctes.push(`subtree AS MATERIALIZED (
        SELECT id FROM "Page" WHERE id = ${p(f.underId, 'uuid')} AND "workspaceId" = $1::uuid
        UNION
        SELECT c.id FROM "Page" c JOIN subtree s ON c."parentId" = s.id
      )`);
      where.push(`s."pageId" IN (SELECT id FROM subtree)`);
    }
    if (f.editedById) where.push(`EXISTS (SELECT 1 FROM "PageEditor" pe WHERE pe."pageId" = s."pageId" AND pe."userId" = ${p(f.editedById, 'uuid')})`);
    // Timestamps are stored in UTC without a zone (as Prisma writes them).
    if (f.from) where.push(`s."editedAt" >= (${p(f.from.toISOString(), 'timestamptz')} AT TIME ZONE 'UTC')`);
    if (f.to) where.push(`s."editedAt" <= (${p(f.to.toISOString(), 'timestamptz')} AT TIME ZONE 'UTC')`);

    const limit = p(f.limit, 'int');
    const offset = p(f.offset, 'int');
    // Matches counted: one more than the total shown, to know that there are more. Candidates
    // ranked: the newest matches, enough for the page asked for however deep.
    const countCap = p(Math.max(TOTAL_CAP, f.offset + f.limit) + 1, 'int');
    const ranked = p(Math.max(RANKED_CANDIDATES, f.offset + f.limit), 'int');
    // A guest reads few pages: their matches are looked for among their own pages (a primary-key
    // lookup and a vector test each) rather than in the workspace's index.
    const rows = fromGranted ? `granted g CROSS JOIN LATERAL (SELECT * FROM "PageSearch" s WHERE s."pageId" = g.id OFFSET 0) s` : `"PageSearch" s`;

    let titleHit = '0';
    let similarity = '0::float8';
    let rank = '0::float8';
    let headline = `left(regexp_replace(${NO_MARKS}, '\\s+', ' ', 'g'), 200)`;
    // What a page's vector must match: the positive terms and none of the excluded ones, as one
    // `@@` that the (workspace, vector) GIN index answers by itself, exclusions included.
    let test: string | null = null;
    let plain: string | null = null;
    const excluded = f.text.excluded ? p(f.text.excluded, 'text') : null;
    const ex = excluded ? `(websearch_to_tsquery('english', ${excluded}) || websearch_to_tsquery('simple', ${excluded}))` : 'NULL::tsquery';
    if (positive) {
      // English stems or plain words, the last word also as a prefix.
      const rest = p(f.text.rest, 'text');
      const prefix = f.text.prefix ? p(`'${f.text.prefix}':*`, 'text') : null;
      const join = f.text.prefixOr ? '||' : '&&';
      const tsq = (cfg: string) => `(websearch_to_tsquery('${cfg}', ${rest})${prefix ? ` ${join} to_tsquery('${cfg}', ${prefix})` : ''})`;
      ctes.push(`query AS (SELECT q.ts, q.ex, CASE WHEN q.ex IS NULL THEN q.ts ELSE q.ts && !! q.ex END AS test FROM (SELECT ${tsq('english')} || ${tsq('simple')} AS ts, ${ex} AS ex) q)`);
      test = `s."vector" @@ (SELECT test FROM query)`;
      // Titles also match on trigram word similarity (typos), see `similar_titles` below.
      plain = f.text.plain.length >= 3 ? p(f.text.plain, 'text') : null;
      // Whether the title itself matches: from the (short) title rather than by filtering the
      // page's whole vector.
      titleHit = `(CASE WHEN (to_tsvector('english', m.title) || to_tsvector('simple', m.title)) @@ (SELECT ts FROM query) THEN 1 ELSE 0 END)`;
      if (plain) similarity = `word_similarity(${plain}, m.title)`;
      rank = `coalesce(ts_rank_cd(m."vector", (SELECT ts FROM query), 32), 0)`;
      headline = `ts_headline('english', ${NO_MARKS}, (SELECT ts FROM query), ${HEADLINE_OPTIONS})`;
    } else if (excluded) {
      // Only exclusions: the pages without those words.
      ctes.push(`query AS (SELECT ${ex} AS ex)`);
      test = `NOT (s."vector" @@ (SELECT ex FROM query))`;
    }
    const conditions = [...where, ...(test ? [test] : [])].join('\n AND ');
    const columns = `s."pageId" AS id, s."deletedAt", s."editedAt" AS edited_at`;
    // `newest`: the newest matches, up to countCap, found by walking the last-edited index (ties by
    // id, the results' order, so that pages of results agree on which pages are newest) and
    // testing each row; it stops at countCap matches or after NEWEST_SCAN rows, so a common word
    // (most of the work before: every one of its tens of thousands of matches was visited) costs a
    // few hundred rows, and the total is known to be "countCap - 1 or more". A guest's are their
    // own pages: every one of them is tested once (bounded by what the guest may read), in
    // `readable`, which also tells which matches match by their title (the title's lexemes are the
    // vector's weight-A part, so no second pass over the guest's pages and their titles is needed).
    if (fromGranted) {
      const titleMatch = positive ? `ts_filter(s."vector", '{a}') @@ (SELECT ts FROM query)` : 'false';
      ctes.push(`readable AS MATERIALIZED (
        SELECT ${columns}, ${titleMatch} AS title_hit FROM ${rows} CROSS JOIN me
        WHERE s."workspaceId" = $1::uuid AND ${conditions}
      )`);
    }
    ctes.push(
      fromGranted
        ? `newest AS MATERIALIZED (
            SELECT id, "deletedAt", edited_at FROM readable ORDER BY edited_at DESC, id LIMIT ${countCap}
          )`
        : `newest AS MATERIALIZED (
            SELECT ${columns}
            FROM (SELECT * FROM "PageSearch" WHERE "workspaceId" = $1::uuid ORDER BY "editedAt" DESC, "pageId" LIMIT ${NEWEST_SCAN}) s CROSS JOIN me
            WHERE ${conditions}
            ORDER BY s."editedAt" DESC, s."pageId" LIMIT ${countCap}
          )`,
    );
    // `counted`: only when the newest pages hold fewer than countCap matches (a rarer word), the
    // matches from the (workspace, vector) GIN index, up to countCap: every match below the cap.
    const sparse = `(SELECT count(*) FROM newest) < ${countCap}`;
    ctes.push(`counted AS MATERIALIZED (
      SELECT ${columns} FROM "PageSearch" s CROSS JOIN me
      WHERE ${fromGranted ? 'false' : sparse} AND s."workspaceId" = $1::uuid AND ${conditions}
      LIMIT ${countCap}
    )`);
    ctes.push(`matched AS MATERIALIZED (SELECT * FROM newest UNION SELECT * FROM counted)`);
    // Titles are matched apart, so a page whose title matches is ranked however long ago it was
    // edited: the title's own words (GIN over the title vector, Page_title_vector_idx), up to
    // TITLE_CANDIDATES in the index's order; and, for a query matching few pages (typos do), titles that
    // resemble it (trigram word similarity). Only pages the caller may read, without an excluded word.
    if (positive) {
      ctes.push(
        fromGranted
          ? `title_words AS MATERIALIZED (SELECT id FROM readable WHERE title_hit LIMIT ${TITLE_CANDIDATES})`
          : `title_words AS MATERIALIZED (
              SELECT p.id FROM "Page" p
              WHERE p."workspaceId" = $1::uuid AND tandem_search_vector(p.title, NULL) @@ (SELECT ts FROM query)${f.includeTrash ? '' : ' AND p."deletedAt" IS NULL'}
              LIMIT ${TITLE_CANDIDATES}
            )`,
      );
      if (plain) {
        ctes.push(`similar_titles AS MATERIALIZED (
          SELECT id FROM "Page" WHERE ${sparse} AND (SELECT count(*) FROM counted) < ${countCap} AND "workspaceId" = $1::uuid AND title %> ${plain}
          ORDER BY word_similarity(${plain}, title) DESC, "updatedAt" DESC LIMIT ${TITLE_CANDIDATES}
        )`);
      }
      ctes.push(`titled AS MATERIALIZED (
        SELECT ${columns} FROM (SELECT id FROM title_words${plain ? ' UNION SELECT id FROM similar_titles' : ''}) t
          JOIN "PageSearch" s ON s."pageId" = t.id CROSS JOIN me
        WHERE s."workspaceId" = $1::uuid AND ${where.join('\n AND ')} AND NOT coalesce(s."vector" @@ (SELECT ex FROM query), false)
      )`);
    }
    // The candidates: the newest `ranked` matches (exact below the cap, and above it whenever the
    // newest pages hold that many) and the title matches.
    const newestMatches = `(SELECT * FROM matched ORDER BY edited_at DESC, id LIMIT ${ranked})`;
    const candidates = positive ? `${newestMatches} UNION SELECT * FROM titled` : newestMatches;
    const byRelevance = f.sort === 'relevance' && positive;
    const order = byRelevance ? `score DESC, edited_at DESC, id` : `edited_at DESC, id`;
    const page = `SELECT c.id, pg.title, pg.icon, c."deletedAt", c.edited_at`;
    const hits = byRelevance
      ? // Cover density reads each candidate's whole vector: at most `ranked` + TITLE_CANDIDATES.
        `hits AS (
          SELECT m.id, m.title, m.icon, m."deletedAt", m.edited_at, ${titleHit} + ${rank} + 0.5 * ${similarity} AS score
          FROM (${page}, s."vector" FROM (${candidates}) c JOIN "Page" pg ON pg.id = c.id JOIN "PageSearch" s ON s."pageId" = c.id) m
          ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}
        )`
      : `hits AS (
          ${page}, 0::float8 AS score
          FROM (SELECT * FROM (${candidates}) u ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}) c JOIN "Page" pg ON pg.id = c.id
        )`;
    const sql = `
      WITH RECURSIVE ${ctes.join(',\n')},
      ${hits},
      total AS (SELECT count(*) AS n, count(*) >= ${countCap} AS capped FROM (SELECT id FROM matched${positive ? ' UNION SELECT id FROM titled' : ''}) a)
      SELECT hits.id::text AS id, hits.title, hits.icon, hits."deletedAt", hits.edited_at AS "editedAt",
             coalesce(${headline}, '') AS headline, total.n AS total, total.capped
      FROM hits CROSS JOIN total LEFT JOIN "Document" d ON d."pageId" = hits.id
      ORDER BY ${order}`;
    // Two planner settings for this statement only (set_config(..., true) ends with its
    // transaction). No JIT: Postgres compiles a statement's expressions with LLVM once its
    // estimated cost passes jit_above_cost, and this one's estimates (the recursive share walk, the
    // index walks cut short by LIMIT) pass it although it runs in milliseconds: a guest's query
    // spent ~70 ms of ~200 compiling. No sequential scan: every table here is reached by an index,
    // and the planner can't estimate a tsquery known only at run time (0.5 % of rows, whatever the
    // word), so `counted` flipped to testing the whole table in order, stopping at 101 matches: a
    // word matching nothing (a typo) tested all 100,000 vectors (1.2 s) instead of one GIN scan.
    // A member's listing without words (recent, last edited) needs neither: no vector is tested
    // and its estimates stay far below the JIT threshold, so it skips the transaction's extra
    // round trips (+6 ms p50 on a 15 ms query).
    type Row = Omit<SearchHit, 'total'> & { total: bigint; capped: boolean };
    const found =
      fromGranted || test
        ? (
            await this.prisma.$transaction([
              this.prisma.$queryRawUnsafe(`SELECT set_config('jit', 'off', true), set_config('enable_seqscan', 'off', true)`),
              this.prisma.$queryRawUnsafe<Row[]>(sql, ...params),
            ])
          )[1]
        : await this.prisma.$queryRawUnsafe<Row[]>(sql, ...params);
    const first = found[0];
    const cap = Math.max(TOTAL_CAP, f.offset + f.limit);
    return {
      hits: found.map(({ total: _total, capped: _capped, ...hit }) => hit),
      // Below the cap the count is exact; at the cap the total says "at least".
      total: first ? (first.capped ? cap : Number(first.total)) : 0,
      capped: first?.capped ?? false,
    };
  }

  // Each result's ancestors (nearest first, depth 1..), for breadcrumbs; the caller filters them by
  // what the person may see.
  async chains(pageIds: readonly string[]): Promise<ChainRow[]> {
    if (!pageIds.length) return [];
    return this.prisma.$queryRaw<ChainRow[]>`
      WITH RECURSIVE up AS (
        SELECT p.id AS result_id, p.id, p."parentId", p.title, p.icon, p."deletedAt", 0 AS depth
        FROM "Page" p WHERE p.id = ANY(${[...pageIds]}::uuid[])
        UNION ALL
        SELECT up.result_id, a.id, a."parentId", a.title, a.icon, a."deletedAt", up.depth + 1
        FROM "Page" a JOIN up ON a.id = up."parentId"
        WHERE up.depth < 1000
      )
      SELECT result_id::text AS "resultId", id::text AS id, "parentId"::text AS "parentId", title, icon, "deletedAt", depth
      FROM up ORDER BY result_id, depth`;
  }
}

