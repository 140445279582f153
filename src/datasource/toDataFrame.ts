import { DataFrame, DataFrameType, FieldType, toDataFrame } from '@grafana/data';

import { CanonicalFrame, CanonicalFieldType } from '../core/frames/canonical';

const FIELD_TYPES: Record<CanonicalFieldType, FieldType> = {
  time: FieldType.time,
  number: FieldType.number,
  string: FieldType.string,
  boolean: FieldType.boolean,
  other: FieldType.other,
};

/** The core's canonical frame as the Grafana frame panels, Explore and the inspector read. */
export function toGrafanaFrame(frame: CanonicalFrame): DataFrame {
  return toDataFrame({
    name: frame.name,
    refId: frame.refId,
    meta: {
      ...frame.meta,
      // 'table' is the SDK's FrameTypeTable; @grafana/data's enum has no member for it.
      type: frame.meta.type as DataFrameType,
    },
    fields: frame.fields.map((field) => ({
      name: field.name,
      type: FIELD_TYPES[field.type],
      labels: field.labels,
      config: field.config ?? {},
      values: field.values,
    })),
  });
}
