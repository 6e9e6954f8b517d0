import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service.js';

export interface TreePage {
  id: string;
  parentId: string | null;
  title: string;
  position: string;
}

export interface StoredFile {
  id: string;
  pageId: string | null;
  key: string;
  name: string;
  mime: string;
  size: number;
}

@Injectable()
export class ExportRepository {
  constructor(private readonly prisma: PrismaService) {}

  // Every live page of the workspace, in tree order (parents first, siblings by position).
  async liveTree(workspaceId: string): Promise<TreePage[]> {
    const pages = await this.prisma.page.findMany({ where: { workspaceId, deletedAt: null }, select: { id: true, parentId: true, title: true, position: true } });
    const children = new Map<string | null, TreePage[]>();
    for (const p of pages) children.set(p.parentId, [...(children.get(p.parentId) ?? []), p]);
    const ordered: TreePage[] = [];
    const ids = new Set(pages.map((p) => p.id));
    const visit = (page: TreePage) => {
      ordered.push(page);
      for (const child of (children.get(page.id) ?? []).sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0))) visit(child);
    };
    const roots = pages.filter((p) => !p.parentId || !ids.has(p.parentId)).sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
    for (const root of roots) visit(root);
    return ordered;
  }

  files(ids: readonly string[], pageIds: readonly string[]): Promise<StoredFile[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.prisma.file.findMany({ where: { id: { in: [...ids] }, pageId: { in: [...pageIds] } }, select: { id: true, pageId: true, key: true, name: true, mime: true, size: true } });
  }
}
