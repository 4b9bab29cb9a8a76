/**
 * Generates the bench inputs of the other tools, for N applications, under bench/.work/inputs/ (git-ignored):
 * - kustomize/<N>/        one base per application (Namespace, ConfigMap, Deployment, Service, Ingress) and a top-level
 *                          kustomization listing them;
 * - kustomize-gen/<N>/    the same, the ConfigMap made by a `configMapGenerator` (name hashed, references rewritten);
 * - helm/<N>/             one chart whose templates `range` over the applications listed in values.yaml;
 * - helm-same/<N>/        one chart that writes, for each application, the same ten objects as our synthesis (the five
 *                          NetworkPolicies, the ConfigMap named by a hash of its data, every field as we render it).
 * The objects of the first three match what our constructs render for the same application's five objects (labels,
 * probes, security contexts, volumes); `sameObjectsDifferences` compares helm-same's output with ours.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { appName, appSettings, CONTAINER_PORT, DOMAIN, IMAGE, SERVICE_PORT } from './workload-spec';

const SELECTOR = (name: string) => ({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': `${name}-dev` });

/** The five objects of application `i`, as the Kustomize bases hold them (namespace and common labels added by kustomize). */
function objects(i: number): Record<string, object> {
  const name = appName(i);
  const restricted = {
    'pod-security.kubernetes.io/enforce': 'restricted',
    'pod-security.kubernetes.io/enforce-version': 'v1.27',
    'pod-security.kubernetes.io/warn': 'restricted',
    'pod-security.kubernetes.io/audit': 'restricted',
  };
  return {
    'namespace.yaml': { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: restricted } },
    'configmap.yaml': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web' }, data: appSettings(i) },
    'deployment.yaml': deployment(name),
    'service.yaml': {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', labels: SELECTOR(name) },
      spec: {
        type: 'ClusterIP',
        selector: SELECTOR(name),
        ports: [{ name: 'http', port: SERVICE_PORT, targetPort: 'http' }],
      },
    },
    'ingress.yaml': {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web' },
      spec: {
        rules: [
          {
            host: `${name}.${DOMAIN}`,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { number: SERVICE_PORT } } },
                },
              ],
            },
          },
        ],
      },
    },
  };
}

function deployment(name: string): object {
  const version = { 'app.kubernetes.io/version': IMAGE.split(':')[1] };
  const probe = { httpGet: { path: '/', port: 'http' } };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { ...SELECTOR(name), ...version } },
    spec: {
      replicas: 1,
      revisionHistoryLimit: 10,
      selector: { matchLabels: SELECTOR(name) },
      template: {
        metadata: { labels: { ...SELECTOR(name), 'app.kubernetes.io/part-of': name, ...version } },
        spec: {
          automountServiceAccountToken: false,
          restartPolicy: 'Always',
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'app',
              image: IMAGE,
              imagePullPolicy: 'Always',
              ports: [{ name: 'http', containerPort: CONTAINER_PORT }],
              envFrom: [{ configMapRef: { name: 'web' } }],
              readinessProbe: probe,
              livenessProbe: probe,
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                runAsUser: 65532,
                runAsGroup: 65532,
              },
              volumeMounts: [
                { name: 'scratch-0', mountPath: '/tmp' },
                { name: 'config', mountPath: '/etc/app', readOnly: true },
              ],
            },
          ],
          volumes: [
            { name: 'scratch-0', emptyDir: {} },
            { name: 'config', configMap: { name: 'web' } },
          ],
        },
      },
    },
  };
}

function write(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** Writes the Kustomize layout for N applications into `dir` (replacing it); with `generator`, ConfigMaps are generated. */
export function writeKustomize(dir: string, n: number, generator: boolean): void {
  fs.rmSync(dir, { recursive: true, force: true });
  const bases: string[] = [];
  for (let i = 0; i < n; i++) {
    const name = appName(i);
    const base = path.join(dir, 'apps', name);
    const files = objects(i);
    if (generator) {
      delete files['configmap.yaml'];
    }
    for (const [file, object] of Object.entries(files)) {
      write(path.join(base, file), stringify(object));
    }
    const kustomization: Record<string, unknown> = {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      namespace: name,
      labels: [
        {
          pairs: {
            'app.kubernetes.io/part-of': name,
            'app.kubernetes.io/instance': `${name}-dev`,
            'app.kubernetes.io/managed-by': 'kustomize',
          },
        },
      ],
      resources: Object.keys(files),
    };
    if (generator) {
      kustomization.configMapGenerator = [
        { name: 'web', literals: Object.entries(appSettings(i)).map(([key, value]) => `${key}=${value}`) },
      ];
    }
    write(path.join(base, 'kustomization.yaml'), stringify(kustomization));
    bases.push(`apps/${name}`);
  }
  write(
    path.join(dir, 'kustomization.yaml'),
    stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: bases }),
  );
}

const HELPERS = `{{- define "bench.labels" -}}
app.kubernetes.io/part-of: {{ .name }}
app.kubernetes.io/instance: {{ .name }}-{{ .env }}
app.kubernetes.io/managed-by: Helm
{{- end }}
{{- define "bench.selector" -}}
app.kubernetes.io/name: web
app.kubernetes.io/instance: {{ .name }}-{{ .env }}
{{- end }}
`;

const TEMPLATES: Record<string, string> = {
  'namespace.yaml': `{{- range .Values.apps }}
---
apiVersion: v1
kind: Namespace
metadata:
  name: {{ .name }}
  labels:
    {{- include "bench.labels" (dict "name" .name "env" $.Values.env) | nindent 4 }}
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: v1.27
    pod-security.kubernetes.io/warn: restricted
    pod-security.kubernetes.io/audit: restricted
{{- end }}
`,
  'configmap.yaml': `{{- range .Values.apps }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  namespace: {{ .name }}
  labels:
    {{- include "bench.labels" (dict "name" .name "env" $.Values.env) | nindent 4 }}
data:
  {{- toYaml .settings | nindent 2 }}
{{- end }}
`,
  'deployment.yaml': `{{- range .Values.apps }}
{{- $ctx := dict "name" .name "env" $.Values.env }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: {{ .name }}
  labels:
    {{- include "bench.labels" $ctx | nindent 4 }}
    {{- include "bench.selector" $ctx | nindent 4 }}
    app.kubernetes.io/version: {{ $.Values.image.tag | quote }}
spec:
  replicas: {{ .replicas | default 1 }}
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      {{- include "bench.selector" $ctx | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "bench.selector" $ctx | nindent 8 }}
        app.kubernetes.io/part-of: {{ .name }}
        app.kubernetes.io/version: {{ $.Values.image.tag | quote }}
    spec:
      automountServiceAccountToken: false
      restartPolicy: Always
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: app
          image: "{{ $.Values.image.repository }}:{{ $.Values.image.tag }}"
          imagePullPolicy: Always
          ports:
            - name: http
              containerPort: {{ $.Values.containerPort }}
          envFrom:
            - configMapRef:
                name: web
          readinessProbe:
            httpGet:
              path: /
              port: http
          livenessProbe:
            httpGet:
              path: /
              port: http
          resources:
            {{- toYaml $.Values.resources | nindent 12 }}
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop:
                - ALL
            readOnlyRootFilesystem: true
            runAsNonRoot: true
            runAsUser: 65532
            runAsGroup: 65532
          volumeMounts:
            - name: scratch-0
              mountPath: /tmp
            - name: config
              mountPath: /etc/app
              readOnly: true
      volumes:
        - name: scratch-0
          emptyDir: {}
        - name: config
          configMap:
            name: web
{{- end }}
`,
  'service.yaml': `{{- range .Values.apps }}
{{- $ctx := dict "name" .name "env" $.Values.env }}
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: {{ .name }}
  labels:
    {{- include "bench.labels" $ctx | nindent 4 }}
    {{- include "bench.selector" $ctx | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "bench.selector" $ctx | nindent 4 }}
  ports:
    - name: http
      port: {{ $.Values.servicePort }}
      targetPort: http
{{- end }}
`,
  'ingress.yaml': `{{- range .Values.apps }}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: {{ .name }}
  labels:
    {{- include "bench.labels" (dict "name" .name "env" $.Values.env) | nindent 4 }}
spec:
  rules:
    - host: {{ .name }}.{{ $.Values.domain }}
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: {{ $.Values.servicePort }}
{{- end }}
`,
};

/** Writes a Helm chart for N applications into `dir` (replacing it): templates range over `.Values.apps`. */
export function writeHelmChart(dir: string, n: number): void {
  fs.rmSync(dir, { recursive: true, force: true });
  write(
    path.join(dir, 'Chart.yaml'),
    stringify({ apiVersion: 'v2', name: 'bench-apps', version: '0.1.0', type: 'application' }),
  );
  const [repository, tag] = IMAGE.split(':');
  const values = {
    env: 'dev',
    domain: DOMAIN,
    image: { repository, tag },
    containerPort: CONTAINER_PORT,
    servicePort: SERVICE_PORT,
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
    apps: Array.from({ length: n }, (_, i) => ({ name: appName(i), settings: appSettings(i) })),
  };
  write(path.join(dir, 'values.yaml'), stringify(values));
  write(path.join(dir, 'templates', '_helpers.tpl'), HELPERS);
  for (const [file, text] of Object.entries(TEMPLATES)) {
    write(path.join(dir, 'templates', file), text);
  }
}

/**
 * The ten objects our synthesis writes for one application, as a Helm template over `.Values.apps`: the Namespace,
 * the five NetworkPolicies of `AppChart` and `WebService`, the ConfigMap named `web-<hash of its data>`, the Service,
 * the Deployment (exemption annotations, probes and resources as our constructs set them) and the Ingress.
 */
const SAME_AS_OURS = `{{- range .Values.apps }}
{{- $ctx := dict "name" .name "env" $.Values.env }}
{{- $config := printf "web-%s" (.settings | toJson | sha256sum | trunc 10) }}
---
apiVersion: v1
kind: Namespace
metadata:
  labels:
    {{- include "bench.labels" $ctx | nindent 4 }}
    pod-security.kubernetes.io/audit: restricted
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: v1.27
    pod-security.kubernetes.io/warn: restricted
  name: {{ .name }}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  labels:
    {{- include "bench.labels" $ctx | nindent 4 }}
  name: default-deny
  namespace: {{ .name }}
spec:
  podSelector: {}
  policyTypes:
    - Ingress
    - Egress
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  labels:
    {{- include "bench.labels" $ctx | nindent 4 }}
  name: allow-dns
  namespace: {{ .name }}
spec:
  egress:
    - ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
      to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
          podSelector:
            matchLabels:
              k8s-app: kube-dns
  podSelector: {}
  policyTypes:
    - Egress
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  labels:
    {{- include "bench.labels" $ctx | nindent 4 }}
  name: allow-namespace-egress
  namespace: {{ .name }}
spec:
  egress:
    - to:
        - podSelector: {}
  podSelector: {}
  policyTypes:
    - Egress
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  labels:
    {{- include "bench.labels" $ctx | nindent 4 }}
  name: web-allow-ingress
  namespace: {{ .name }}
spec:
  ingress:
    - from:
        - podSelector: {}
      ports:
        - port: http
          protocol: TCP
  podSelector:
    matchLabels:
      {{- include "bench.selector" $ctx | nindent 6 }}
  policyTypes:
    - Ingress
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  labels:
    {{- include "bench.labels" $ctx | nindent 4 }}
  name: web-to-web
  namespace: {{ .name }}
spec:
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: ingress-nginx
      ports:
        - port: http
          protocol: TCP
  podSelector:
    matchLabels:
      {{- include "bench.selector" $ctx | nindent 6 }}
  policyTypes:
    - Ingress
---
apiVersion: v1
kind: ConfigMap
metadata:
  labels:
    {{- include "bench.labels" $ctx | nindent 4 }}
  name: {{ $config }}
  namespace: {{ .name }}
data:
  {{- toYaml .settings | nindent 2 }}
---
apiVersion: v1
kind: Service
metadata:
  labels:
    {{- include "bench.labels" $ctx | nindent 4 }}
    app.kubernetes.io/name: web
  name: web
  namespace: {{ .name }}
spec:
  ports:
    - name: http
      port: {{ $.Values.servicePort }}
      targetPort: http
  selector:
    {{- include "bench.selector" $ctx | nindent 4 }}
  type: ClusterIP
---
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    {{- toYaml $.Values.deploymentAnnotations | nindent 4 }}
  labels:
    {{- include "bench.labels" $ctx | nindent 4 }}
    app.kubernetes.io/name: web
    app.kubernetes.io/version: {{ $.Values.image.tag | quote }}
  name: web
  namespace: {{ .name }}
spec:
  replicas: {{ .replicas | default 1 }}
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      {{- include "bench.selector" $ctx | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "bench.selector" $ctx | nindent 8 }}
        app.kubernetes.io/part-of: {{ .name }}
        app.kubernetes.io/version: {{ $.Values.image.tag | quote }}
    spec:
      automountServiceAccountToken: false
      containers:
        - envFrom:
            - configMapRef:
                name: {{ $config }}
          image: "{{ $.Values.image.repository }}:{{ $.Values.image.tag }}"
          imagePullPolicy: Always
          livenessProbe:
            periodSeconds: 20
            tcpSocket:
              port: http
          name: app
          ports:
            - containerPort: {{ $.Values.containerPort }}
              name: http
          readinessProbe:
            httpGet:
              path: /
              port: http
          resources:
            {{- toYaml $.Values.resources | nindent 12 }}
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop:
                - ALL
            readOnlyRootFilesystem: true
            runAsGroup: 65532
            runAsNonRoot: true
            runAsUser: 65532
          volumeMounts:
            - mountPath: /tmp
              name: scratch-0
            - mountPath: /etc/app
              name: config
              readOnly: true
      restartPolicy: Always
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      volumes:
        - emptyDir: {}
          name: scratch-0
        - configMap:
            name: {{ $config }}
          name: config
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  labels:
    {{- include "bench.labels" $ctx | nindent 4 }}
  name: web
  namespace: {{ .name }}
spec:
  rules:
    - host: {{ .name }}.{{ $.Values.domain }}
      http:
        paths:
          - backend:
              service:
                name: web
                port:
                  number: {{ $.Values.servicePort }}
            path: /
            pathType: Prefix
{{- end }}
`;

/** The annotations our constructs put on the Deployment of a one-replica application (Polaris exemptions, with the reason). */
const DEPLOYMENT_ANNOTATIONS = {
  'polaris.fairwinds.com/metadataAndInstanceMismatched-exempt': 'true',
  'polaris.fairwinds.com/missingNetworkPolicy-exempt': 'true',
  'polaris.fairwinds.com/missingPodDisruptionBudget-exempt': 'true',
  'polaris.fairwinds.com/topologySpreadConstraint-exempt': 'true',
  'policy.k8s-course.io/exemption-reason':
    'app.kubernetes.io/instance names the application instance (<chart>-<env>) that selectors use, not the object; ' +
    "the namespace's default-deny NetworkPolicy governs its pods both ways (Polaris counts only a policy allowing " +
    'both); one pod: a topology spread has nothing to spread; one pod: a PodDisruptionBudget would protect nothing ' +
    'or block every node drain',
};

/** Writes the Helm chart that renders our ten objects per application (SAME_AS_OURS) into `dir`, replacing it. */
export function writeHelmChartLikeOurs(dir: string, n: number): void {
  fs.rmSync(dir, { recursive: true, force: true });
  write(
    path.join(dir, 'Chart.yaml'),
    stringify({ apiVersion: 'v2', name: 'bench-apps-like-ours', version: '0.1.0', type: 'application' }),
  );
  const [repository, tag] = IMAGE.split(':');
  const values = {
    env: 'dev',
    domain: DOMAIN,
    image: { repository, tag },
    containerPort: CONTAINER_PORT,
    servicePort: SERVICE_PORT,
    deploymentAnnotations: DEPLOYMENT_ANNOTATIONS,
    resources: {
      limits: { cpu: '500m', 'ephemeral-storage': '256Mi', memory: '128Mi' },
      requests: { cpu: '50m', 'ephemeral-storage': '64Mi', memory: '64Mi' },
    },
    apps: Array.from({ length: n }, (_, i) => ({ name: appName(i), settings: appSettings(i) })),
  };
  write(path.join(dir, 'values.yaml'), stringify(values));
  write(path.join(dir, 'templates', '_helpers.tpl'), HELPERS);
  write(path.join(dir, 'templates', 'apps.yaml'), SAME_AS_OURS);
}

/**
 * Where a stream of objects (Helm's output of the chart above) differs from our synthesis of the same applications
 * (the YAML of every chart file), as lines: the objects are compared by kind, namespace and name (Helm orders its
 * output by kind), as parsed, with the value of the `app.kubernetes.io/managed-by` label and the hash in ConfigMap
 * names (`web-<hash>`) set aside, since each tool writes its own. Empty when they are the same objects.
 */
export function sameObjectsDifferences(ours: string, theirs: string): string[] {
  const objects = (text: string) => {
    const byIdentity = new Map<string, string>();
    for (const document of parseAllDocuments(text)) {
      const object = document.toJS() as { kind?: string; metadata?: { name?: string; namespace?: string } } | null;
      if (object !== null && object !== undefined) {
        const json = JSON.stringify(object, normalize);
        const name = JSON.parse(json).metadata?.name as string | undefined;
        byIdentity.set(`${object.kind} ${object.metadata?.namespace ?? ''}/${name}`, json);
      }
    }
    return byIdentity;
  };
  const mine = objects(ours);
  const other = objects(theirs);
  const differences: string[] = [];
  for (const [identity, json] of mine) {
    if (!other.has(identity)) {
      differences.push(`${identity}: only in ours`);
    } else if (other.get(identity) !== json) {
      differences.push(`${identity}: ours ${json}\n  theirs ${other.get(identity)}`);
    }
  }
  for (const identity of other.keys()) {
    if (!mine.has(identity)) {
      differences.push(`${identity}: only in theirs`);
    }
  }
  return differences;
}

/** JSON.stringify's replacer: keys sorted, the tool-specific values set aside. */
function normalize(key: string, value: unknown): unknown {
  if (key === 'app.kubernetes.io/managed-by') {
    return '<tool>';
  }
  if (typeof value === 'string' && /^web-[0-9a-f]{10}$/.test(value)) {
    return 'web-<hash>';
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  return value;
}
