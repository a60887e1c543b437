import { DefaultButton, MessageBar, MessageBarType, PrimaryButton, Stack, Text, TextField } from "@fluentui/react";
import { useEffect, useRef, useState } from "react";
import type { WorkbookPort } from "../host/port";
import { draftNarrative, PROMPT_OPEN } from "../narrative/draft";
import { applyEdit } from "../narrative/edit";
import { literal, type Paragraph } from "../narrative/model";
import { renderSegments } from "../narrative/render";
import { saveNarrative, validate } from "../workbook/operations";
import type { Snapshot } from "../workbook/snapshot";
import { zhCN } from "./i18n/zh-CN";
import { useRecompute } from "./changes";

const t = zhCN.narrative;

const isPlaceholder = (p: Paragraph) => p.segments.every((s) => s.kind === "text" && (s.text.trim() === "" || s.text.includes(PROMPT_OPEN)));

/** 正文: the six parts, each paragraph editable; numbers drafted from the tables stay bound to their cells. */
export function NarrativePanel(props: { port: WorkbookPort; run: (task: () => Promise<string | null>) => Promise<void>; busy: boolean; active: boolean }) {
  const { port } = props;
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [paragraphs, setParagraphs] = useState<Paragraph[]>([]);
  const [dirty, setDirty] = useState(false);
  const dirtyRef = useRef(dirty);
  useEffect(() => {
    dirtyRef.current = dirty;
  }, [dirty]);
  /** Text being typed, by paragraph index; folded into the segments on blur and on save. */
  const [pending, setPending] = useState<Map<number, string>>(new Map());

  const load = () =>
    props.run(async () => {
      const { snapshot: snap } = await validate(port);
      setSnapshot(snap);
      if (!dirty) setParagraphs(snap.narrative);
      return null;
    });

  // The bound numbers follow every change while the tab is open; typed text that is not saved stays.
  const { stale } = useRecompute(port, props.active && snapshot !== null, async () => {
    try {
      const { snapshot: snap } = await validate(port);
      setSnapshot(snap);
      if (!dirtyRef.current) setParagraphs(snap.narrative);
    } catch {
      // 刷新数字 shows the reason.
    }
  });

  useEffect(() => {
    if (props.active) void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.active]);

  if (!snapshot) return <Text>{t.loading}</Text>;
  const sections = snapshot.model.version.sections;

  const update = (next: Paragraph[]) => {
    setParagraphs(next);
    setDirty(true);
  };

  /** Fold typed text into the paragraphs: bound numbers the edit left alone stay bound. */
  const commit = (base: Paragraph[], edits: Map<number, string>): Paragraph[] =>
    base.map((p, i) => {
      const text = edits.get(i);
      return text === undefined ? p : { part: p.part, segments: applyEdit(p.segments, renderSegments(snapshot, p.segments), text) };
    });

  const draftParts = (parts: number[]) => {
    const draft = draftNarrative(snapshot);
    const keep = paragraphs.filter((p) => !parts.includes(p.part));
    setPending(new Map());
    update([...commit(keep, new Map()), ...draft.filter((p) => parts.includes(p.part))].sort((a, b) => a.part - b.part));
  };

  const emptyParts = sections.map((_s, i) => i).filter((i) => paragraphs.filter((p) => p.part === i).every(isPlaceholder));

  return (
    <Stack tokens={{ childrenGap: 12 }}>
      <Text variant="small">{t.help}</Text>
      <Stack horizontal wrap tokens={{ childrenGap: 8 }}>
        <PrimaryButton
          text={t.draftEmpty}
          ariaLabel={t.draftEmptyAria}
          disabled={props.busy || emptyParts.length === 0}
          onClick={() => draftParts(emptyParts)}
        />
        <DefaultButton text={t.refresh} ariaLabel={t.refreshAria} disabled={props.busy} onClick={() => void load()} />
        <PrimaryButton
          text={t.save}
          ariaLabel={t.saveAria}
          disabled={props.busy || !dirty}
          onClick={() =>
            void props.run(async () => {
              const next = commit(paragraphs, pending);
              setPending(new Map());
              setParagraphs(next);
              const snap = await saveNarrative(port, next);
              setSnapshot(snap);
              setDirty(false);
              return t.saved;
            })
          }
        />
      </Stack>
      {stale ? (
        <Text variant="small" data-testid="stale">
          {t.stale}
        </Text>
      ) : null}
      {dirty ? <MessageBar messageBarType={MessageBarType.warning}>{t.unsaved}</MessageBar> : null}
      {sections.map((title, part) => {
        const list = paragraphs.map((p, index) => ({ p, index })).filter(({ p }) => p.part === part);
        return (
          <section key={title} data-testid="narrative-part" data-part={part}>
            <Stack horizontal horizontalAlign="space-between" verticalAlign="center">
              <Text as="h3" variant="mediumPlus" styles={{ root: { fontWeight: 600, margin: "6px 0" } }}>
                {title}
              </Text>
              <DefaultButton
                text={t.redraft}
                ariaLabel={t.redraftAria(title)}
                disabled={props.busy}
                onClick={() => draftParts([part])}
                styles={{ root: { minWidth: 0, padding: "0 8px", height: 26 } }}
              />
            </Stack>
            {list.map(({ p, index }) => {
              const rendered = renderSegments(snapshot, p.segments);
              const bound = p.segments.filter((s) => s.kind === "cell").length;
              return (
                <Stack key={index} tokens={{ childrenGap: 2 }} styles={{ root: { marginBottom: 8 } }}>
                  <TextField
                    multiline
                    autoAdjustHeight
                    ariaLabel={t.paragraphAria(title, list.findIndex((x) => x.index === index) + 1)}
                    value={pending.get(index) ?? rendered.join("")}
                    onChange={(_e, text) => {
                      setPending(new Map(pending).set(index, text ?? ""));
                      setDirty(true);
                    }}
                    onBlur={() => {
                      if (!pending.has(index)) return;
                      const only = new Map([[index, pending.get(index)!]]);
                      const rest = new Map(pending);
                      rest.delete(index);
                      setPending(rest);
                      update(commit(paragraphs, only));
                    }}
                  />
                  <Stack horizontal horizontalAlign="space-between">
                    <Text variant="small" styles={{ root: { color: "#605e5c" } }} data-testid="bound-count">
                      {bound ? t.bound(bound) : t.freeText}
                    </Text>
                    <DefaultButton
                      text={t.remove}
                      ariaLabel={t.removeAria}
                      onClick={() => update(paragraphs.filter((_x, i) => i !== index))}
                      styles={{ root: { minWidth: 0, padding: "0 6px", height: 22 } }}
                    />
                  </Stack>
                </Stack>
              );
            })}
            <DefaultButton
              text={t.add}
              ariaLabel={t.addAria(title)}
              onClick={() => update([...paragraphs, { part, segments: [literal("")] }].sort((a, b) => a.part - b.part))}
              styles={{ root: { height: 26 } }}
            />
          </section>
        );
      })}
    </Stack>
  );
}
