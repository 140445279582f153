import { fireEvent, screen, within } from '@testing-library/react';

/** Opens a @grafana/ui Select or MultiSelect found by its input's accessible name. */
export function openPicker(name: string | RegExp) {
  const input = screen.getByLabelText(name);
  fireEvent.keyDown(input, { key: 'ArrowDown' });
  return input;
}

/** Picks an option of an open menu by its exact label. */
export async function pickOption(name: string | RegExp, label: string) {
  openPicker(name);
  const menu = await screen.findByLabelText('Select options menu');
  fireEvent.click(within(menu).getByText(label, { exact: true }));
}

/** Offered option labels of an open menu. */
export async function optionLabels(name: string | RegExp): Promise<string[]> {
  openPicker(name);
  const menu = await screen.findByLabelText('Select options menu');
  return within(menu)
    .getAllByRole('option')
    .map((o) => o.querySelector('span')?.textContent ?? o.textContent ?? '');
}

/** Types a value the picker does not know and confirms it, as a user creating a custom value. */
export function typeCustomValue(name: string | RegExp, value: string) {
  const input = screen.getByLabelText(name);
  fireEvent.change(input, { target: { value } });
  fireEvent.keyDown(input, { key: 'Enter' });
}
