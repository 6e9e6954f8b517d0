'use client';

import { useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { COVER_GRADIENTS, fileContentPath, parseCover, type PageView } from '@tandem/protocol';
import { errorMessage } from '@/lib/api';
import { uploadFile } from '@/lib/api/files';
import { usePopover } from '@/components/ui/Popover';
import { Button } from '@/components/ui/Button';
import { Icon } from '@/components/ui/Icon';
import { useToast } from '@/components/ui/Toast';
import ui from '@/components/ui/ui.module.css';
import styles from './cover.module.css';

export type CoverChange = { cover?: string | null; coverPosition?: number };

// The page's cover above the title: a built-in gradient or an image uploaded to the page. Editors
// change, reposition (drag up/down, or arrow keys) and remove it; everyone else only sees it.
export function PageCover({
  page,
  editable,
  onChange,
  shareToken,
}: {
  page: Pick<PageView, 'id' | 'cover' | 'coverPosition'>;
  editable: boolean;
  onChange: (change: CoverChange) => void;
  shareToken?: string;
}) {
  const cover = parseCover(page.cover);
  const [dragging, setDragging] = useState<number | null>(null);
  const [repositioning, setRepositioning] = useState(false);
  const start = useRef<{ y: number; position: number; height: number } | null>(null);
  if (!cover) return null;
  const position = dragging ?? page.coverPosition;
  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    // The buttons on the cover stay buttons (capturing their pointer would swallow their click).
    if (!repositioning || (e.target as HTMLElement).closest('button')) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    start.current = { y: e.clientY, position, height: e.currentTarget.clientHeight };
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    const from = start.current;
    if (!from) return;
    // Dragging the picture down shows more of its top: the focus moves up.
    setDragging(clamp(from.position - ((e.clientY - from.y) / from.height) * 100));
  };
  const finish = () => {
    start.current = null;
  };
  const save = () => {
    if (dragging !== null && dragging !== page.coverPosition) onChange({ coverPosition: dragging });
    setDragging(null);
    setRepositioning(false);
  };
  const src = cover.kind === 'file' ? `/api${fileContentPath(cover.fileId)}${shareToken ? `?share=${encodeURIComponent(shareToken)}` : ''}` : null;
  return (
    <div
      className={styles.cover}
      data-gradient={cover.kind === 'gradient' ? cover.name : undefined}
      data-repositioning={repositioning}
      data-position={position}
      data-testid="page-cover"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={finish}
      onPointerCancel={finish}
      tabIndex={repositioning ? 0 : undefined}
      aria-label={repositioning ? 'Cover position: drag or use the arrow keys' : undefined}
      onKeyDown={(e) => {
        if (!repositioning) return;
        if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
          e.preventDefault();
          setDragging(clamp(position + (e.key === 'ArrowUp' ? 5 : -5)));
        } else if (e.key === 'Enter') save();
      }}
    >
      {src ? <img src={src} alt="" className={styles.image} style={{ objectPosition: `center ${position}%` }} draggable={false} data-testid="cover-image" /> : null}
      {editable ? (
        <div className={styles.controls}>
          {repositioning ? (
            <>
              <Button size="small" onClick={save} data-testid="cover-save-position">
                Save position
              </Button>
              <Button
                size="small"
                variant="ghost"
                className={styles.controlButton}
                onClick={() => {
                  setDragging(null);
                  setRepositioning(false);
                }}
              >
                Cancel
              </Button>
            </>
          ) : (
            <>
              <CoverPicker pageId={page.id} label="Change cover" onPick={(value) => onChange({ cover: value, coverPosition: 50 })}>
                Change cover
              </CoverPicker>
              {cover.kind === 'file' ? (
                <button type="button" className={styles.controlButton} onClick={() => setRepositioning(true)} data-testid="cover-reposition">
                  Reposition
                </button>
              ) : null}
              <button type="button" className={styles.controlButton} onClick={() => onChange({ cover: null })} data-testid="cover-remove">
                Remove
              </button>
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}

function clamp(n: number): number {
  return Math.round(Math.min(100, Math.max(0, n)));
}

// Choosing a cover: one of the gradients, or an image from the device (uploaded to the page with
// the files feature's limits and checks).
export function CoverPicker({ pageId, label, onPick, children, triggerClassName }: { pageId: string; label: string; onPick: (cover: string) => void; children: React.ReactNode; triggerClassName?: string }) {
  const { open, setOpen, wrapRef, triggerRef, close } = usePopover<HTMLButtonElement>();
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const toast = useToast();
  const upload = (file: File) => {
    setUploading(true);
    uploadFile(pageId, file, () => undefined, new AbortController().signal)
      .then((view) => {
        if (!view.mime.startsWith('image/')) throw new Error('A cover must be an image (PNG, JPEG, GIF or WebP).');
        onPick(`file:${view.id}`);
        close(false);
      })
      .catch((err: unknown) => toast(`Could not use that image: ${errorMessage(err)}`, 'error'))
      .finally(() => setUploading(false));
  };
  return (
    <div className={ui.menuWrap} ref={wrapRef}>
      <button ref={triggerRef} type="button" className={triggerClassName ?? styles.controlButton} aria-haspopup="dialog" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="cover-picker-button">
        {children}
      </button>
      {open ? (
        <div role="dialog" aria-label={label} className={`${ui.menu} ${styles.picker}`} data-testid="cover-picker">
          <div className={styles.gradients}>
            {COVER_GRADIENTS.map((name) => (
              <button
                key={name}
                type="button"
                className={styles.swatch}
                data-gradient={name}
                aria-label={`${name} gradient`}
                title={name}
                onClick={() => {
                  onPick(`gradient:${name}`);
                  close(false);
                }}
                data-testid={`cover-gradient-${name}`}
              />
            ))}
          </div>
          <button type="button" className={ui.menuItem} disabled={uploading} onClick={() => input.current?.click()} data-testid="cover-upload">
            <Icon name="image" size={14} /> {uploading ? 'Uploading…' : 'Upload an image'}
          </button>
          <input
            ref={input}
            type="file"
            accept="image/png,image/jpeg,image/gif,image/webp"
            hidden
            data-testid="cover-file-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) upload(file);
            }}
          />
        </div>
      ) : null}
    </div>
  );
}
