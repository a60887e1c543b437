import "../taskpane/fabric-config"; // first: keeps Fluent UI from fetching fonts from a CDN
import "../taskpane/icons";
import { DefaultButton, MessageBar, MessageBarType, PrimaryButton, Spinner, Text } from "@fluentui/react";
import { useEffect, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import { SUPPORTED_YEARS } from "../format/registry";
import { App } from "../taskpane/App";
import { zhCN } from "../taskpane/i18n/zh-CN";
import { viewFromSearch } from "../taskpane/view";
import { Grid } from "../playground/Grid";
import type { WebWorkbook } from "./engine";
import { saveFile } from "../taskpane/files";
import { FULL_HOST } from "../taskpane/host";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const t = zhCN.web;
const loadEngine = () => import(/* webpackChunkName: "engine" */ "./engine");
/** The open workbook is kept in this browser too, so a reload or a closed tab loses nothing typed. */
const STORAGE_KEY = "nianbao.web.v1";

const LAYOUT_CSS = `
html, body { margin: 0; padding: 0; }
body { font-family: "Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "PingFang SC", sans-serif; }
.nb-web { box-sizing: border-box; max-width: 100vw; padding: 8px 12px; }
.nb-web *, .nb-web *::before, .nb-web *::after { box-sizing: border-box; }
.nb-toolbar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-bottom: 6px; }
.nb-toolbar h1 { font-size: 18px; margin: 0 12px 0 0; font-weight: 600; white-space: nowrap; }
.nb-toolbar .ms-Button { white-space: nowrap; }
.nb-toolbar .ms-Button-label { white-space: nowrap; }
.nb-file-label { display: inline-flex; align-items: center; height: 32px; padding: 0 16px; border: 1px solid #8a8886; border-radius: 2px; background: #0078d4; color: #fff; cursor: pointer; font-size: 14px; font-weight: 600; white-space: nowrap; }
.nb-file-label:focus-within { outline: 2px solid #323130; outline-offset: 1px; }
.nb-file-label input { position: absolute; width: 1px; height: 1px; opacity: 0; overflow: hidden; }
.nb-docname { font-size: 13px; color: #323130; min-width: 0; overflow-wrap: anywhere; }
.nb-new { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 6px; border: 1px solid #c8c6c4; margin-bottom: 6px; }
.nb-new select, .nb-new input { height: 30px; font: inherit; }
.nb-main { display: flex; gap: 12px; align-items: flex-start; }
.nb-sheet { flex: 1 1 auto; min-width: 0; overflow: auto; border: 1px solid #c8c6c4; padding: 8px; max-height: calc(100vh - 120px); }
.nb-side { flex: 0 0 380px; width: 380px; min-width: 0; border: 1px solid #c8c6c4; max-height: calc(100vh - 120px); overflow-y: auto; overflow-x: hidden; }
@media (max-width: 900px) {
  .nb-main { flex-direction: column; }
  .nb-sheet { width: 100%; max-height: 60vh; }
  .nb-side { flex: 1 1 auto; width: 100%; max-height: none; }
}
.nb-side .ms-Pivot { flex-wrap: wrap; display: flex; }
.nb-side .ms-Button-label, .nb-side .ms-Pivot-text { white-space: nowrap; }
.nb-side .ms-Stack { max-width: 100%; }
`;

interface Doc {
  mem: WebWorkbook;
  name: string;
  /** mem.revision when last saved or opened. */
  saved: number;
  id: number;
}

let nextId = 1;

function lastYear(): number {
  return Math.min(new Date().getFullYear() - 1, SUPPORTED_YEARS.last);
}

function WebEdition() {
  const [doc, setDoc] = useState<Doc | null>(null);
  const [loading, setLoading] = useState(true);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ type: MessageBarType; text: string } | null>(null);
  const [newForm, setNewForm] = useState<{ year: number; org: string } | null>(null);
  const [, setTick] = useState(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const docRef = useRef<Doc | null>(null);
  useEffect(() => {
    docRef.current = doc;
  }, [doc]);

  const unsaved = doc !== null && doc.mem.revision !== doc.saved;

  // Start: the engine, then whatever this browser kept.
  useEffect(() => {
    void loadEngine().then(async ({ WebWorkbook }) => {
      const kept = window.localStorage.getItem(STORAGE_KEY);
      if (kept) {
        try {
          const { name, dump, saved } = JSON.parse(kept) as { name: string; dump: Parameters<WebWorkbook["restore"]>[0]; saved: boolean };
          const mem = new WebWorkbook();
          mem.restore(dump);
          setDoc({ mem, name, saved: saved ? mem.revision : -1, id: nextId++ });
        } catch {
          window.localStorage.removeItem(STORAGE_KEY);
        }
      }
      setLoading(false);
    });
  }, []);

  // Keep the workbook in this browser after each change, and re-render the toolbar's 未保存 state.
  useEffect(() => {
    if (!doc) return;
    let pending: ReturnType<typeof setTimeout> | null = null;
    const store = () => {
      const d = docRef.current;
      if (!d) return;
      try {
        window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ name: d.name, dump: d.mem.dump(), saved: d.mem.revision === d.saved }));
      } catch {
        // A full storage only loses the in-browser copy; the file itself is saved with 保存工作簿.
      }
    };
    const off = doc.mem.onContentChange(() => {
      setTick((x) => x + 1);
      if (pending) clearTimeout(pending);
      pending = setTimeout(store, 300);
    });
    store();
    return () => {
      off();
      if (pending) clearTimeout(pending);
    };
  }, [doc]);

  // Leaving with unsaved changes asks first.
  useEffect(() => {
    const onLeave = (e: BeforeUnloadEvent) => {
      const d = docRef.current;
      if (d && d.mem.revision !== d.saved) {
        e.preventDefault();
        e.returnValue = t.leave;
        return t.leave;
      }
      return undefined;
    };
    window.addEventListener("beforeunload", onLeave);
    return () => window.removeEventListener("beforeunload", onLeave);
  }, []);

  const confirmDiscard = () => !unsaved || window.confirm(t.discard(doc.name));

  const task = async (work: () => Promise<string | null>) => {
    setBusy(true);
    setMessage(null);
    try {
      const text = await work();
      if (text) setMessage({ type: MessageBarType.success, text });
    } catch (e) {
      setMessage({ type: MessageBarType.error, text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const onOpen = async (file: File) => {
    if (!confirmDiscard()) return;
    await task(async () => {
      const { openXlsx } = await loadEngine();
      const opened = await openXlsx(file.name, await file.arrayBuffer());
      setDoc({ mem: opened.mem, name: file.name, saved: opened.mem.revision, id: nextId++ });
      return (
        t.opened(file.name, opened.year, opened.orgName) + (opened.orphans ? t.orphans(opened.orphans) : "") + (opened.kept ? t.keptSheets(opened.kept) : "")
      );
    });
  };

  const onSave = () =>
    task(async () => {
      if (!doc) return null;
      const { saveXlsx } = await loadEngine();
      const revision = doc.mem.revision;
      const bytes = await saveXlsx(doc.mem);
      const name = /\.xlsx$/i.test(doc.name) ? doc.name : `${doc.name}.xlsx`;
      saveFile(FULL_HOST, name, bytes, XLSX_TYPE);
      setDoc({ ...doc, name, saved: revision });
      return t.saved(name);
    });

  const onCreate = (year: number, org: string) => {
    if (!confirmDiscard()) return;
    void task(async () => {
      const { newWorkbook } = await loadEngine();
      const mem = await newWorkbook(year, org);
      const name = `${org.trim() || "新建"}${year}年政府信息公开工作年度报告.xlsx`;
      setDoc({ mem, name, saved: -1, id: nextId++ });
      setNewForm(null);
      return t.created(year);
    });
  };

  const onExample = () => {
    if (!confirmDiscard()) return;
    void task(async () => {
      const { exampleWorkbook } = await loadEngine();
      const mem = await exampleWorkbook(lastYear());
      setDoc({ mem, name: "示例.xlsx", saved: mem.revision, id: nextId++ });
      return t.exampleLoaded;
    });
  };

  const onClose = () => {
    if (!doc || !window.confirm(unsaved ? t.closeUnsaved(doc.name) : t.close(doc.name))) return;
    window.localStorage.removeItem(STORAGE_KEY);
    setDoc(null);
  };

  const years: number[] = [];
  for (let y = SUPPORTED_YEARS.first; y <= lastYear() + 1; y++) years.push(y);

  return (
    <div className="nb-web">
      <style>{LAYOUT_CSS}</style>
      <div className="nb-toolbar" role="toolbar" aria-label={t.toolbar}>
        <h1>{t.title}</h1>
        <label className="nb-file-label" data-testid="open-label">
          {t.open}
          <input
            ref={fileInput}
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-label={t.openAria}
            data-testid="open-file"
            disabled={busy || loading}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = "";
              if (file) void onOpen(file);
            }}
          />
        </label>
        <DefaultButton text={t.new} ariaLabel={t.newAria} disabled={busy || loading} onClick={() => setNewForm({ year: lastYear(), org: "" })} />
        <PrimaryButton text={t.save} ariaLabel={t.saveAria} disabled={busy || !doc} onClick={() => void onSave()} data-testid="save" />
        <DefaultButton text={t.example} ariaLabel={t.exampleAria} disabled={busy || loading} onClick={onExample} />
        {doc ? <DefaultButton text={t.closeButton} ariaLabel={t.closeAria} disabled={busy} onClick={onClose} /> : null}
        {doc ? (
          <span className="nb-docname" data-testid="doc-state">
            {doc.name} · {unsaved ? t.unsaved : t.allSaved}
          </span>
        ) : null}
      </div>
      {newForm ? (
        <form
          className="nb-new"
          aria-label={t.newAria}
          onSubmit={(e) => {
            e.preventDefault();
            onCreate(newForm.year, newForm.org);
          }}
        >
          <label>
            {t.year}{" "}
            <select value={newForm.year} onChange={(e) => setNewForm({ ...newForm, year: Number(e.target.value) })}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y} 年度
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.org} <input value={newForm.org} onChange={(e) => setNewForm({ ...newForm, org: e.target.value })} placeholder={t.orgPlaceholder} />
          </label>
          <PrimaryButton type="submit" text={t.create} />
          <DefaultButton text={t.cancel} onClick={() => setNewForm(null)} />
        </form>
      ) : null}
      {message ? (
        <MessageBar messageBarType={message.type} onDismiss={() => setMessage(null)} dismissButtonAriaLabel="关闭" isMultiline data-testid="web-status">
          {message.text}
        </MessageBar>
      ) : null}
      {loading || busy ? <Spinner label={t.loading} /> : null}
      {!loading && !doc ? (
        <div data-testid="welcome" style={{ padding: 12 }}>
          <Text as="p" block>
            {t.welcome}
          </Text>
          <ul>
            {t.welcomeSteps.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {doc ? (
        <div className="nb-main">
          <div className="nb-sheet" data-testid="grid">
            <Grid key={doc.id} mem={doc.mem} />
          </div>
          <div className="nb-side" data-testid="pane">
            <App key={doc.id} port={doc.mem} view={viewFromSearch(window.location.search)} />
          </div>
        </div>
      ) : null}
    </div>
  );
}

// After the first visit the edition opens offline: the service worker keeps every file of this folder.
if ("serviceWorker" in navigator && window.location.protocol !== "file:") {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("sw.js").catch(() => undefined);
  });
}

const container = document.getElementById("container");
if (!container) throw new Error("index.html has no #container element");
createRoot(container).render(<WebEdition />);
