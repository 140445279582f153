import { interpolateString, TemplateData } from './goTemplate';

const data: TemplateData = {
  JsonData: {
    tenantId: 'contoso',
    graphUrl: 'https://graph.example',
    maxEvents: 5000,
    flag: true,
    nested: { b: 2, a: 'x' },
    list: ['p', 'q'],
    empty: null,
  },
  SecureJsonData: { clientSecret: 's3cret' },
};

describe('interpolateString (Go text/template subset)', () => {
  it('renders JsonData and SecureJsonData fields', () => {
    expect(interpolateString('{{ .JsonData.graphUrl }}/v1.0/{{.JsonData.tenantId}}', data)).toBe(
      'https://graph.example/v1.0/contoso'
    );
    expect(interpolateString('{{ .SecureJsonData.clientSecret }}', data)).toBe('s3cret');
  });

  it('prints a missing key as <no value>, and orEmpty turns it into nothing', () => {
    expect(interpolateString('{{ .JsonData.loginUrl }}/token', data)).toBe('<no value>/token');
    expect(interpolateString('{{ .SecureJsonData.other }}', data)).toBe('<no value>');
    expect(interpolateString('{{ .JsonData.loginUrl | orEmpty }}/token', data)).toBe('/token');
    expect(interpolateString('{{ orEmpty .JsonData.empty }}', data)).toBe('');
    expect(interpolateString('{{ .JsonData.missing.deeper }}', data)).toBe('<no value>');
  });

  it('prints numbers, booleans, maps and lists as Go does', () => {
    expect(interpolateString('{{ .JsonData.maxEvents }} {{ .JsonData.flag }}', data)).toBe('5000 true');
    expect(interpolateString('{{ .JsonData.nested }}', data)).toBe('map[a:x b:2]');
    expect(interpolateString('{{ .JsonData.list }}', data)).toBe('[p q]');
  });

  it('honours trim markers and comments', () => {
    expect(interpolateString('a  {{- .JsonData.tenantId -}}  b{{/* note */}}', data)).toBe('acontosob');
  });

  it('fails to parse unclosed actions, unknown functions and control structures', () => {
    expect(() => interpolateString('{{ .JsonData.graphUrl', data)).toThrow(
      'could not parse template {{ .JsonData.graphUrl'
    );
    expect(() => interpolateString('{{ secret .JsonData.x }}', data)).toThrow(/could not parse/);
    expect(() => interpolateString('{{ if .JsonData.flag }}x{{ end }}', data)).toThrow(/could not parse/);
    expect(() => interpolateString('{{ .JsonData.dashed-key }}', data)).toThrow(/could not parse/);
  });

  it('fails to execute unknown top-level fields and fields of non-maps, quoting the template and not the data', () => {
    expect(() => interpolateString('{{ .Secrets.x }}', data)).toThrow('failed to execute template {{ .Secrets.x }}');
    let message = '';
    try {
      interpolateString('{{ .SecureJsonData.clientSecret.x }}', data);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/failed to execute/);
    expect(message).not.toContain('s3cret');
  });
});
