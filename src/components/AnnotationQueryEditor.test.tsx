import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { AuditQuery } from '../core/model/query';
import { AnnotationQueryEditor } from './AnnotationQueryEditor';
import { selectors } from './selectors';
import { installDomPolyfills } from './testing/domPolyfills';

installDomPolyfills();

describe('AnnotationQueryEditor', () => {
  it('edits the filters and the raw clause, with no format or grouping to choose', () => {
    const onChange = jest.fn<void, [AuditQuery]>();
    const query = { refId: 'Anno', filters: [{ field: 'category', operator: 'eq', values: ['Policy'] }] } as AuditQuery;
    render(<AnnotationQueryEditor datasource={{}} query={query} onChange={onChange} onRunQuery={() => {}} />);
    expect(screen.queryByLabelText('Time series')).not.toBeInTheDocument();
    expect(screen.getByText('Policy')).toBeInTheDocument();

    fireEvent.click(screen.getByLabelText('Remove filter 1'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ filters: [] }));

    const raw = screen.getByTestId(selectors.query.rawFilter);
    fireEvent.change(raw, { target: { value: "loggedByService eq 'PIM'" } });
    fireEvent.blur(raw);
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ rawFilter: "loggedByService eq 'PIM'" }));
  });
});
