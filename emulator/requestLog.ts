/** One served request as the inspection endpoint reports it. Never holds secrets or tokens. */
export interface LoggedRequest {
  /** Emulated time at arrival. */
  at: string;
  atMs: number;
  /** Wall-clock time at arrival. */
  realMs: number;
  method: string;
  /** Path and query string (token requests carry their secrets in the body, which is never logged). */
  url: string;
  api: 'token' | 'discovery' | 'graph' | 'legacy' | 'control' | 'other';
  status: number;
  clientId?: string;
  tenantId?: string;
  fault?: string;
  /** Events in the page, for report requests that returned one. */
  events?: number;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];

  constructor(private readonly limit = 10_000) {}

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) {
      this.entries.splice(0, this.entries.length - this.limit);
    }
  }

  list(): LoggedRequest[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
