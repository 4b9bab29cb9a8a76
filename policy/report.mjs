#!/usr/bin/env node
// Summarise one environment's kube-score and Polaris results, and check the exemption rule.
// Usage: node policy/report.mjs --env NAME --kube-score FILE.json --polaris FILE.json
//                               [--kube-score-checks FILE.csv] [--polaris-unexempted FILE.json] MANIFEST.yaml...
// --polaris-unexempted is Polaris' audit of the same manifests with annotation exemptions disallowed: its checks are
// the ones Polaris knows (an exemption can hide a check from the first audit), and its score is printed beside.
// Prints a readable report; exit code 0 = clean, 1 = CRITICAL/danger findings or exemption-rule
// violations, 2 = bad input (unreadable tool output, unparsable manifest).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { URL } from 'node:url';
import { parseAllDocuments } from 'yaml';

// Where each kind keeps its pod template, from the project's one description of kinds (lib/kinds/kinds.json).
const POD_TEMPLATE_PATHS = new Map(
  JSON.parse(readFileSync(new URL('../lib/kinds/kinds.json', import.meta.url), 'utf8'))
    .kinds.filter((k) => k.podTemplate?.length)
    .map((k) => [k.kind, k.podTemplate]),
);

const REASON = 'policy.k8s-course.io/exemption-reason';
const KUBE_SCORE_IGNORE = 'kube-score/ignore';
const POLARIS_EXEMPT = /^polaris\.fairwinds\.com\/(?:(.+)-)?exempt$/; // exempt (all) or <check>-exempt
// kube-score grades (scorecard/scorecard.go): 1 CRITICAL, 5 WARNING, 7 ALMOST_OK, 10 ALL_OK.
const KS_CRITICAL = 1;
const KS_WARNING = 5;

function parseArgs(argv) {
  const opts = { files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--env') opts.env = argv[++i];
    else if (a === '--kube-score') opts.kubeScore = argv[++i];
    else if (a === '--polaris') opts.polaris = argv[++i];
    else if (a === '--kube-score-checks') opts.kubeScoreChecks = argv[++i];
    else if (a === '--polaris-unexempted') opts.polarisUnexempted = argv[++i];
    else opts.files.push(a);
  }
  if (!opts.env || !opts.kubeScore || !opts.polaris) {
    console.error(
      'usage: report.mjs --env NAME --kube-score F.json --polaris F.json [--kube-score-checks F.csv] ' +
        '[--polaris-unexempted F.json] MANIFEST...',
    );
    process.exit(2);
  }
  return opts;
}

function readJson(file, what) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`report: cannot read ${what} output ${file}: ${e.message}`);
    process.exit(2);
  }
}

const objId = (kind, ns, name) => `${kind} ${ns ? `${ns}/` : ''}${name}`;

function groupBy(items, key) {
  const m = new Map();
  for (const it of items) {
    const k = key(it);
    if (!m.has(k)) m.set(k, []);
    m.get(k).push(it);
  }
  return new Map([...m.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

const countLine = (items, key) =>
  [...groupBy(items, key).entries()].map(([k, v]) => `${k} ${v.length}`).join(', ') || 'none';

// ---- exemptions -------------------------------------------------------------------------------
// Every metadata block a tool reads annotations from: the object's own, and (kube-score) the pod
// template's. The reason may sit on the same block or on the object's own metadata.
function annotationBlocks(doc) {
  const blocks = [['metadata', doc?.metadata]];
  const path = POD_TEMPLATE_PATHS.get(doc?.kind);
  const tpl = path?.reduce((value, key) => value?.[key], doc)?.metadata;
  if (tpl) blocks.push([[...path, 'metadata'].join('.'), tpl]);
  return blocks;
}

function checkExemptions(files, knownKubeScore, knownPolaris) {
  const exemptions = [];
  const violations = [];
  const notes = [];
  for (const file of files) {
    let docs;
    try {
      docs = parseAllDocuments(readFileSync(file, 'utf8'));
    } catch (e) {
      console.error(`report: cannot read ${file}: ${e.message}`);
      process.exit(2);
    }
    for (const d of docs) {
      if (d.errors?.length) {
        console.error(`report: ${file}: YAML error: ${d.errors[0].message}`);
        process.exit(2);
      }
      const doc = d.toJS();
      if (!doc || typeof doc !== 'object') continue;
      const id = objId(doc.kind, doc.metadata?.namespace, doc.metadata?.name);
      const ownReason = String(doc.metadata?.annotations?.[REASON] ?? '').trim();
      for (const [where, meta] of annotationBlocks(doc)) {
        const ann = meta?.annotations ?? {};
        const tool = [];
        for (const [k, v] of Object.entries(ann)) {
          if (k === KUBE_SCORE_IGNORE) {
            const ids = String(v ?? '')
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean);
            tool.push(`${k}: ${ids.join(',')}`);
            for (const c of ids) {
              if (knownKubeScore.size && !knownKubeScore.has(c))
                notes.push(`${id} (${where}): kube-score/ignore names unknown check "${c}"`);
            }
          } else {
            const m = POLARIS_EXEMPT.exec(k);
            if (!m) continue;
            tool.push(`${k}: ${v}`);
            if (m[1] && knownPolaris.size && !knownPolaris.has(m[1]))
              notes.push(`${id} (${where}): ${k} names unknown Polaris check "${m[1]}"`);
            if (String(v).toLowerCase() !== 'true')
              notes.push(`${id} (${where}): ${k} is "${v}"; Polaris only honours "true"`);
          }
        }
        if (!tool.length) continue;
        const reason = String(ann[REASON] ?? '').trim() || ownReason;
        const rel = relative(process.cwd(), file).startsWith('..') ? file : relative(process.cwd(), file);
        if (reason) exemptions.push({ id, where, tool, reason, file: rel });
        else violations.push({ id, where, tool, file: rel });
      }
    }
  }
  return { exemptions, violations, notes };
}

// ---- kube-score -------------------------------------------------------------------------------
function kubeScoreFindings(objects) {
  const out = [];
  for (const o of objects) {
    const kind = o.type_meta?.kind;
    const ns = o.object_meta?.namespace;
    const name = o.object_meta?.name;
    for (const c of o.checks ?? []) {
      if (c.skipped) continue; // optional checks not enabled, ignored via annotation, not applicable
      if (c.grade !== KS_CRITICAL && c.grade !== KS_WARNING) continue;
      const comments = c.comments?.length ? c.comments : [{ path: '', summary: c.check?.name ?? '' }];
      for (const cm of comments) {
        out.push({
          severity: c.grade === KS_CRITICAL ? 'CRITICAL' : 'WARNING',
          check: c.check?.id,
          obj: objId(kind, ns, name),
          where: cm.path ? `container ${cm.path}` : '',
          message: cm.summary,
        });
      }
    }
  }
  return out;
}

// ---- Polaris ----------------------------------------------------------------------------------
function polarisFindings(report) {
  const out = [];
  const checkIds = new Set();
  const add = (r, results, where) => {
    for (const res of Object.values(results ?? {})) {
      checkIds.add(res.ID);
      if (res.Success) continue;
      out.push({
        severity: res.Severity,
        check: res.ID,
        obj: objId(r.Kind, r.Namespace, r.Name),
        where,
        message: res.Message,
      });
    }
  };
  for (const r of report.Results ?? []) {
    add(r, r.Results, '');
    if (r.PodResult) {
      add(r, r.PodResult.Results, 'pod spec');
      for (const c of r.PodResult.ContainerResults ?? []) add(r, c.Results, `container ${c.Name}`);
    }
  }
  return { findings: out, checkIds };
}

function printGroups(title, items) {
  if (!items.length) return;
  console.log(`  ${title}:`);
  for (const [check, list] of groupBy(items, (f) => f.check)) {
    console.log(`    ${check} (${list.length})`);
    for (const f of list.sort((a, b) => a.obj.localeCompare(b.obj)))
      console.log(`      - ${f.obj}${f.where ? ` [${f.where}]` : ''}: ${f.message}`);
  }
}

// ---- main -------------------------------------------------------------------------------------
const opts = parseArgs(process.argv.slice(2));
const ks = readJson(opts.kubeScore, 'kube-score');
const pol = readJson(opts.polaris, 'Polaris');
const knownKubeScore = new Set(
  opts.kubeScoreChecks
    ? readFileSync(opts.kubeScoreChecks, 'utf8')
        .split('\n')
        .map((l) => l.split(',')[0])
        .filter(Boolean)
    : [],
);

const ksAll = kubeScoreFindings(Array.isArray(ks) ? ks : []);
const ksCrit = ksAll.filter((f) => f.severity === 'CRITICAL');
const ksWarn = ksAll.filter((f) => f.severity === 'WARNING');
const { findings: polAll, checkIds: knownPolaris } = polarisFindings(pol);
const unexempted = opts.polarisUnexempted ? readJson(opts.polarisUnexempted, 'Polaris (no exemptions)') : undefined;
const unexemptedFindings = unexempted ? polarisFindings(unexempted) : undefined;
for (const id of unexemptedFindings?.checkIds ?? []) knownPolaris.add(id);
const polDanger = polAll.filter((f) => f.severity === 'danger');
const polWarn = polAll.filter((f) => f.severity === 'warning');
const ex = checkExemptions(opts.files, knownKubeScore, knownPolaris);

console.log(
  `=== ${opts.env}: ${opts.files.length} files, ${Array.isArray(ks) ? ks.length : 0} objects scored by kube-score, ${(pol.Results ?? []).length} by Polaris ===`,
);

console.log(`kube-score: ${ksCrit.length} CRITICAL, ${ksWarn.length} WARNING (one per object, check and container)`);
printGroups('CRITICAL', ksCrit);
console.log(`  warnings by check: ${countLine(ksWarn, (f) => f.check)}`);

console.log(
  `Polaris: score ${pol.Score ?? '?'}/100, ${polDanger.length} danger, ${polWarn.length} warning (one per object, check and container)`,
);
printGroups('danger', polDanger);
console.log(`  warnings by check: ${countLine(polWarn, (f) => f.check)}`);
if (unexemptedFindings) {
  const all = unexemptedFindings.findings;
  console.log(
    `Polaris without annotation exemptions: score ${unexempted.Score ?? '?'}/100, ` +
      `${all.filter((f) => f.severity === 'danger').length} danger, ${all.filter((f) => f.severity === 'warning').length} warning`,
  );
}

console.log(`exemptions: ${ex.exemptions.length} with a reason, ${ex.violations.length} without`);
for (const e of ex.exemptions) console.log(`  - ${e.id} (${e.where}): ${e.tool.join('; ')} -- reason: ${e.reason}`);
for (const n of ex.notes) console.log(`  note: ${n}`);
for (const v of ex.violations) {
  console.log(`  ERROR ${v.id} (${v.file}, ${v.where}) carries ${v.tool.join('; ')}`);
  console.log(`        but no ${REASON} annotation: add one saying why the check does not apply`);
}

const failed = ksCrit.length + polDanger.length + ex.violations.length;
const reasons = [];
if (ksCrit.length) reasons.push(`${ksCrit.length} kube-score CRITICAL`);
if (polDanger.length) reasons.push(`${polDanger.length} Polaris danger`);
if (ex.violations.length) reasons.push(`${ex.violations.length} exemption(s) without ${REASON}`);
console.log(`RESULT ${opts.env}: ${failed ? `FAIL (${reasons.join(', ')})` : 'PASS'}`);
process.exit(failed ? 1 : 0);
