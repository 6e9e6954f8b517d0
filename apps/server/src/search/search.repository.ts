import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service.js';
import { hasPositiveTerms, type SearchText } from './search-text.js';

export interface SearchFilter {
  workspaceId: string;
  userId: string;
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
  total: number;
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
// How many of a query's matches get the (costly) cover-density rank; see search().
const RANKED_CANDIDATES = 300;

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

  async search(f: SearchFilter): Promise<SearchHit[]> {
    const params: unknown[] = [f.workspaceId, f.userId];
    const p = (value: unknown, cast: string) => {
      params.push(value);
      return `$${params.length}::${cast}`;
    };
    const positive = hasPositiveTerms(f.text);
    const ctes: string[] = [
      `me AS (SELECT role::text AS role FROM "WorkspaceMember" WHERE "workspaceId" = $1::uuid AND "userId" = $2::uuid)`,
      // A guest's pages: those shared with them and every descendant (inheritance), trashed or not
      // on the way down; trashed ones are dropped below, as pageRole does.
      `granted AS (
         SELECT s."pageId" AS id FROM "PageShare" s JOIN "Page" sp ON sp.id = s."pageId"
         WHERE s."userId" = $2::uuid AND sp."workspaceId" = $1::uuid AND EXISTS (SELECT 1 FROM me WHERE role = 'guest')
         UNION
         SELECT c.id FROM "Page" c JOIN granted g ON c."parentId" = g.id
       )`,
    ];
    // Every condition reads the PageSearch row (s) alone: its workspace, trash state and last edit
    // are copies kept by triggers, so no match is joined to its Page or Document row until it is
    // one of the few ranked or shown.
    const where: string[] = [
      `(me.role IN ('owner', 'admin', 'member') OR s."pageId" IN (SELECT id FROM granted))`,
      f.includeTrash ? `(s."deletedAt" IS NULL OR me.role IN ('owner', 'admin'))` : `s."deletedAt" IS NULL`,
    ];
    if (f.underId) {
      ctes.push(`subtree AS (
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

    let titleHit = '0';
    let similarity = '0::float8';
    let rank = '0::float8';
    let headline = `left(regexp_replace(${NO_MARKS}, '\\s+', ' ', 'g'), 200)`;
    let plain: string | null = null;
    // The rows looked at: the workspace's pages, or only those that match the text.
    let source = `(SELECT "pageId", "deletedAt", "editedAt" FROM "PageSearch" WHERE "workspaceId" = $1::uuid) s`;
    if (positive) {
      // English stems or plain words, the last word also as a prefix; the (workspace, vector)
      // index answers `@@` in one scan. Titles also match on trigram word similarity (typos), from
      // the title index.
      const rest = p(f.text.rest, 'text');
      const prefix = f.text.prefix ? p(`'${f.text.prefix}':*`, 'text') : null;
      const join = f.text.prefixOr ? '||' : '&&';
      const tsq = (cfg: string) => `(websearch_to_tsquery('${cfg}', ${rest})${prefix ? ` ${join} to_tsquery('${cfg}', ${prefix})` : ''})`;
      ctes.push(`query AS (SELECT ${tsq('english')} || ${tsq('simple')} AS ts)`);
      plain = f.text.plain.length >= 3 ? p(f.text.plain, 'text') : null;
      if (plain) ctes.push(`similar_titles AS MATERIALIZED (SELECT id FROM "Page" WHERE "workspaceId" = $1::uuid AND title %> ${plain})`);
      // Each index on its own, then the union: an OR across the two would scan every page.
      ctes.push(`found AS MATERIALIZED (
        SELECT "pageId", "deletedAt", "editedAt" FROM "PageSearch" WHERE "workspaceId" = $1::uuid AND "vector" @@ (SELECT ts FROM query)
        ${plain ? 'UNION SELECT "pageId", "deletedAt", "editedAt" FROM "PageSearch" WHERE "pageId" IN (SELECT id FROM similar_titles)' : ''}
      )`);
      source = `found s`;
      // Whether the title itself matches: from the (short) title rather than by filtering the
      // page's whole vector.
      titleHit = `(CASE WHEN (to_tsvector('english', m.title) || to_tsvector('simple', m.title)) @@ (SELECT ts FROM query) THEN 1 ELSE 0 END)`;
      if (plain) similarity = `word_similarity(${plain}, m.title)`;
      rank = `coalesce(ts_rank_cd(m."vector", (SELECT ts FROM query), 32), 0)`;
      headline = `ts_headline('english', ${NO_MARKS}, (SELECT ts FROM query), ${HEADLINE_OPTIONS})`;
    }
    if (f.text.excluded) {
      // The excluded pages from the index too (one scan), rather than testing each match's vector.
      const excluded = p(f.text.excluded, 'text');
      ctes.push(`excluded AS MATERIALIZED (
        SELECT "pageId" FROM "PageSearch" WHERE "workspaceId" = $1::uuid
          AND "vector" @@ (websearch_to_tsquery('english', ${excluded}) || websearch_to_tsquery('simple', ${excluded}))
      )`);
      where.push(`s."pageId" NOT IN (SELECT "pageId" FROM excluded)`);
    }
    const byRelevance = f.sort === 'relevance' && positive;
    const limit = p(f.limit, 'int');
    const offset = p(f.offset, 'int');
    const order = byRelevance ? `score DESC, edited_at DESC, id` : `edited_at DESC, id`;
    // Every match is counted, but cover density (which reads each page's whole vector) is computed
    // for a bounded set of candidates: the RANKED_CANDIDATES most recently edited matches plus the
    // pages whose titles resemble the query (from the trigram index). A word found on most pages
    // of a large workspace thus costs one pass over the matches' narrow rows, not a rank per match.
    const cap = `GREATEST(${RANKED_CANDIDATES}, ${offset} + ${limit})`;
    const page = `SELECT c.id, pg.title, pg.icon, c."deletedAt", c.edited_at, c.total`;
    const hits = byRelevance
      ? `candidates AS (
          (SELECT * FROM matched ORDER BY edited_at DESC, id LIMIT ${cap})
          ${plain ? `UNION (SELECT * FROM matched WHERE id IN (SELECT id FROM similar_titles) LIMIT ${cap})` : ''}
        ),
        hits AS (
          SELECT m.id, m.title, m.icon, m."deletedAt", m.edited_at, m.total, ${titleHit} + ${rank} + 0.5 * ${similarity} AS score
          FROM (${page}, s."vector" FROM candidates c JOIN "Page" pg ON pg.id = c.id JOIN "PageSearch" s ON s."pageId" = c.id) m
          ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}
        )`
      : `hits AS (
          ${page}, 0::float8 AS score
          FROM (SELECT * FROM matched ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}) c JOIN "Page" pg ON pg.id = c.id
        )`;
    const sql = `
      WITH RECURSIVE ${ctes.join(',\n')},
      matched AS MATERIALIZED (
        SELECT s."pageId" AS id, s."deletedAt", s."editedAt" AS edited_at, count(*) OVER () AS total
        FROM ${source} CROSS JOIN me
        WHERE ${where.join('\n AND ')}
      ),
      ${hits}
      SELECT hits.id::text AS id, hits.title, hits.icon, hits."deletedAt", hits.edited_at AS "editedAt", hits.total,
             coalesce(${headline}, '') AS headline
      FROM hits LEFT JOIN "Document" d ON d."pageId" = hits.id
      ORDER BY ${order}`;
    const rows = await this.prisma.$queryRawUnsafe<Array<Omit<SearchHit, 'total'> & { total: bigint }>>(sql, ...params);
    return rows.map((r) => ({ ...r, total: Number(r.total) }));
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

