import type { DataSourceJsonData } from '@grafana/data';

import type { AuditSettings } from '../core/model/settings';

/** The settings as Grafana stores them: the core's model plus Grafana's own jsonData keys. */
export type AuditJsonData = AuditSettings & DataSourceJsonData;
