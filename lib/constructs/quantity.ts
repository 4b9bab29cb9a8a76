import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as k8s from '../../imports/k8s';

const KI_PER_MI = 1024;
const KI_PER_GI = 1024 * 1024;

/** A size as a Kubernetes quantity, in the largest binary unit that keeps it whole (`1Gi`, `512Mi`, `100Ki`). */
export function quantity(size: Size): k8s.Quantity {
  const kibibytes = Math.ceil(size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }));
  if (kibibytes % KI_PER_GI === 0) {
    return k8s.Quantity.fromString(`${kibibytes / KI_PER_GI}Gi`);
  }
  if (kibibytes % KI_PER_MI === 0) {
    return k8s.Quantity.fromString(`${kibibytes / KI_PER_MI}Mi`);
  }
  return k8s.Quantity.fromString(`${kibibytes}Ki`);
}
