import { StructuralSchema } from './crd-schema';

/** Where the SealedSecret schema comes from, for messages. */
export const SEALED_SECRET_SCHEMA_SOURCE =
  'the SealedSecret resource (CustomResourceDefinition of sealed-secrets v0.29.0)';

const STRINGS: StructuralSchema = { type: 'object', additionalProperties: { type: 'string' } };

/**
 * The `openAPIV3Schema` of bitnami.com/v1alpha1 SealedSecret, as the sealed-secrets controller v0.29.0 installs its
 * CustomResourceDefinition (cluster/up.sh; descriptions left out): the API server validates every SealedSecret by it,
 * template metadata included, before the controller sees it.
 */
export const SEALED_SECRET_SCHEMA: StructuralSchema = {
  type: 'object',
  required: ['spec'],
  properties: {
    spec: {
      type: 'object',
      required: ['encryptedData'],
      properties: {
        data: { type: 'string' },
        encryptedData: { ...STRINGS, 'x-kubernetes-preserve-unknown-fields': true },
        template: {
          type: 'object',
          properties: {
            data: { ...STRINGS, nullable: true },
            immutable: { type: 'boolean' },
            metadata: {
              type: 'object',
              nullable: true,
              'x-kubernetes-preserve-unknown-fields': true,
              properties: {
                annotations: STRINGS,
                finalizers: { type: 'array', items: { type: 'string' } },
                labels: STRINGS,
                name: { type: 'string' },
                namespace: { type: 'string' },
              },
            },
            type: { type: 'string' },
          },
        },
      },
    },
    status: {
      type: 'object',
      properties: {
        conditions: {
          type: 'array',
          items: {
            type: 'object',
            required: ['status', 'type'],
            properties: {
              lastTransitionTime: { type: 'string' },
              lastUpdateTime: { type: 'string' },
              message: { type: 'string' },
              reason: { type: 'string' },
              status: { type: 'string' },
              type: { type: 'string' },
            },
          },
        },
        observedGeneration: { type: 'integer' },
      },
    },
  },
};
