import { DefaultButton, MessageBar, MessageBarType, PrimaryButton, Stack, Text, TextField } from "@fluentui/react";
import { useEffect, useState } from "react";
import type { WorkbookPort } from "../host/port";
import type { Finding } from "../rules/evaluate";
import { groupHeading, type FindingGroup } from "../rules/groups";
import { findingBasis } from "../rules/review";
import type { ValidationReport } from "../rules/validate";
import { saveExplanation, validate } from "../workbook/operations";
import type { Snapshot } from "../workbook/snapshot";
import { FindingJump, useJumpToFinding } from "./findings";
import { zhCN } from "./i18n/zh-CN";
import { useRecompute } from "./changes";

const t = zhCN.validate;

function groupByRule(findings: Finding[]): [string, Finding[]][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) groups.set(f.rule, [...(groups.get(f.rule) ?? []), f]);
  return [...groups];
}

const fmt = (v: number | string | null) => (v === null ? "—" : String(v));

/** Groups of findings with one named cause, shown above the findings: fix the culprit first. */
function CauseGroups(props: { groups: FindingGroup[]; findings: Finding[]; onJump: (f: Finding) => void }) {
  const caused = props.groups.filter((g) => groupHeading(g) !== "");
  if (caused.length === 0) return null;
  const byKey = new Map(props.findings.map((f) => [f.key, f]));
  return (
    <div className="nb-group" data-testid="cause-groups">
      <Text as="h3" variant="mediumPlus" styles={{ root: { fontWeight: 600, margin: "4px 0" } }}>
        {t.causes}
      </Text>
      <ul className="nb-findings">
        {caused.map((g) => {
          const heading = groupHeading(g);
          const cells = g.lead ? [g.lead] : g.candidates;
          // Jumping selects the lead (or the cells that could each be the cause).
          const target: Finding = { ...byKey.get(g.findings[0])!, cells };
          return (
            <li key={g.id} className="nb-finding nb-error" data-testid="cause-group" data-group={g.id} data-lead={g.lead?.address ?? ""}>
              <FindingJump finding={target} onJump={props.onJump}>
                <span className="nb-rule">{g.id}</span> <div className="nb-message">{heading}</div>
                <div className="nb-figures">{g.findings.map((k) => byKey.get(k)?.rule ?? k).join("、")}</div>
              </FindingJump>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function FindingItem(props: {
  finding: Finding;
  group?: string;
  onJump: (f: Finding) => void;
  onSave: (f: Finding, note: string) => Promise<void>;
  busy: boolean;
}) {
  const { finding: f } = props;
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState(f.explanation ?? "");
  const [error, setError] = useState<string | undefined>();
  const isWarning = f.severity === "warning";
  return (
    <li className={`nb-finding nb-${f.severity}`} data-testid="finding" data-rule={f.rule} data-key={f.key} data-group={props.group ?? ""}>
      <FindingJump finding={f} onJump={props.onJump}>
        <span className="nb-rule">{f.rule}</span> <span className="nb-severity">{f.severityLabel}</span>
        {props.group ? <span className="nb-severity"> · {t.inGroup(props.group)}</span> : null}
        <div className="nb-message">{f.message}</div>
        {f.diff !== null || f.rule === "F-1" ? (
          <div className="nb-figures">
            {f.rule === "F-1" ? (
              <>
                {t.left} {fmt(f.left)}
                {f.fix !== undefined && f.fix !== null ? ` · ${t.fix} ${f.fix}` : ""}
              </>
            ) : (
              <>
                {t.left} {fmt(f.left)} · {t.right} {fmt(f.right)} · {t.diff} {fmt(f.diff)}
              </>
            )}
          </div>
        ) : null}
      </FindingJump>
      {isWarning && f.explanation && !editing ? (
        <div className="nb-explanation" data-testid="explanation" data-reconfirm={f.reconfirm ? "true" : "false"}>
          <strong>
            {f.reconfirm ? t.reconfirm : t.accepted} · {t.explanation}：
          </strong>
          {f.explanation}{" "}
          {f.reconfirm ? (
            <DefaultButton
              text={t.confirm}
              ariaLabel={t.confirmAria(f.rule)}
              disabled={props.busy}
              onClick={() => void props.onSave(f, f.explanation ?? "")}
              styles={{ root: { minWidth: 0, height: 24, padding: "0 6px" } }}
            />
          ) : null}
          <DefaultButton
            text="修改"
            ariaLabel={`修改 ${f.rule} 的说明`}
            onClick={() => setEditing(true)}
            styles={{ root: { minWidth: 0, height: 24, padding: "0 6px" } }}
          />
        </div>
      ) : null}
      {isWarning && !f.explanation && !editing ? <DefaultButton text={t.accept} ariaLabel={t.acceptAria(f.rule)} onClick={() => setEditing(true)} /> : null}
      {isWarning && editing ? (
        <Stack tokens={{ childrenGap: 6 }}>
          <TextField
            label={t.explanation}
            multiline
            rows={3}
            value={note}
            placeholder={t.explanationPlaceholder}
            errorMessage={error}
            onChange={(_e, v) => setNote(v ?? "")}
          />
          <Stack horizontal tokens={{ childrenGap: 8 }}>
            <PrimaryButton
              text={t.save}
              ariaLabel={t.saveAria}
              disabled={props.busy}
              onClick={() => {
                if (!note.trim()) {
                  setError(t.explanationRequired);
                  return;
                }
                setError(undefined);
                void props.onSave(f, note).then(() => setEditing(false));
              }}
            />
            <DefaultButton text={t.cancel} onClick={() => setEditing(false)} />
          </Stack>
        </Stack>
      ) : null}
    </li>
  );
}

export function ValidatePanel(props: {
  port: WorkbookPort;
  autoRun: boolean;
  run: (task: () => Promise<string | null>) => Promise<void>;
  busy: boolean;
  generation: number;
}) {
  const { port } = props;
  const [state, setState] = useState<{ report: ValidationReport; snapshot: Snapshot } | null>(null);

  const runValidation = () =>
    props.run(async () => {
      const { report, snapshot } = await validate(port);
      setState({ report, snapshot });
      return null;
    });

  useEffect(() => {
    // Where the host reports changes (the browser edition) the tab always shows live results.
    if (props.autoRun || port.onContentChange) void runValidation();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.autoRun, props.generation]);

  const onJump = useJumpToFinding(port, props.run);

  // Once shown, the counts follow every change (the browser edition), quietly: no spinner, no busy buttons.
  const { stale } = useRecompute(port, state !== null, async () => {
    try {
      const { report, snapshot } = await validate(port);
      setState({ report, snapshot });
    } catch {
      // The next change or a press of 校验 shows the reason.
    }
  });

  const onSave = (f: Finding, note: string) =>
    props.run(async () => {
      if (!state) return null;
      await saveExplanation(port, state.snapshot, f.key, note, findingBasis(state.snapshot, f));
      const { report, snapshot } = await validate(port);
      setState({ report, snapshot });
      return "说明已保存到工作簿。";
    });

  const report = state?.report;
  const causeOf = new Map((report?.groups ?? []).filter((g) => groupHeading(g) !== "").flatMap((g) => g.findings.map((k) => [k, g.id] as const)));
  return (
    <Stack tokens={{ childrenGap: 12 }}>
      <PrimaryButton text={t.run} ariaLabel={t.runAria} disabled={props.busy} onClick={() => void runValidation()} />
      {!report ? <Text>{t.notYet}</Text> : null}
      {stale ? (
        <Text variant="small" data-testid="stale">
          {t.stale}
        </Text>
      ) : null}
      {report ? (
        <MessageBar
          messageBarType={report.summary.errors ? MessageBarType.error : report.summary.warnings ? MessageBarType.warning : MessageBarType.success}
          data-testid="summary"
        >
          {t.summary(report.summary.errors, report.summary.warnings, report.summary.passed)}
          {report.findings.length === 0 ? ` ${t.allPass}` : ""}
        </MessageBar>
      ) : null}
      {report ? <CauseGroups groups={report.groups} findings={report.findings} onJump={(x) => void onJump(x)} /> : null}
      {report
        ? groupByRule([...report.findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1))).map(([rule, list]) => (
            // Errors open; long lists of 提示 start folded so the errors stay in view.
            <details key={rule} className="nb-group" data-testid="rule-group" data-rule={rule} open={list[0].severity === "error" || list.length <= 5}>
              <summary>
                <Text as="h3" variant="mediumPlus" styles={{ root: { fontWeight: 600, margin: "4px 0", display: "inline" } }}>
                  {rule} {list[0].title}（{list[0].severityLabel} {t.count(list.length)}）
                </Text>
              </summary>
              <ul className="nb-findings">
                {list.map((f) => (
                  <FindingItem key={f.key} finding={f} group={causeOf.get(f.key)} onJump={(x) => void onJump(x)} onSave={onSave} busy={props.busy} />
                ))}
              </ul>
            </details>
          ))
        : null}
    </Stack>
  );
}
