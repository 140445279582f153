import { fireEvent, screen, waitFor } from '@testing-library/react';

/** Opens a @grafana/ui Combobox or MultiCombobox found by its input's accessible name; returns its menu. */
export async function openPicker(name: string | RegExp): Promise<HTMLElement> {
  const input = pickerInput(name);
  fireEvent.keyDown(input, { key: 'ArrowDown' });
  return menuOf(input);
}

/** Picks an option of the picker by its exact label. */
export async function pickOption(name: string | RegExp, label: string) {
  const menu = await openPicker(name);
  const option = options(menu).find((o) => optionLabel(o) === label);
  if (!option) {
    throw new Error(`the picker "${name}" offers no option "${label}": ${options(menu).map(optionLabel).join(', ')}`);
  }
  fireEvent.click(option);
}

/** The option labels the picker offers, in order. */
export async function optionLabels(name: string | RegExp): Promise<string[]> {
  const menu = await openPicker(name);
  return options(menu).map(optionLabel);
}

/** Types a value the picker does not know and picks it from the menu ("Use custom value"), as a person would. */
export async function typeCustomValue(name: string | RegExp, value: string) {
  const input = pickerInput(name);
  fireEvent.change(input, { target: { value } });
  const menu = await menuOf(input);
  const custom = await waitFor(() => {
    const found = options(menu).find((o) => optionLabel(o) === value);
    if (!found) {
      throw new Error(`the picker "${name}" does not offer "${value}" as a custom value`);
    }
    return found;
  });
  fireEvent.click(custom);
  // Leaving the field clears the typed text, as it does for a person moving on.
  fireEvent.blur(input);
}

/** The picker's input: its listbox carries the same accessible name, so the role tells them apart. */
export function pickerInput(name: string | RegExp): HTMLElement {
  const input = screen.getAllByLabelText(name).find((element) => element.getAttribute('role') === 'combobox');
  if (!input) {
    throw new Error(`no Combobox input is named ${name}`);
  }
  return input;
}

/** The listbox the input controls (every Combobox keeps its listbox in the page, open or not). */
async function menuOf(input: HTMLElement): Promise<HTMLElement> {
  const menuId = input.getAttribute('aria-controls');
  if (!menuId) {
    throw new Error(`input ${input.id || input.outerHTML} controls no listbox`);
  }
  return waitFor(() => {
    const menu = document.getElementById(menuId);
    if (!menu || options(menu).length === 0) {
      throw new Error(`the listbox of ${input.id || 'the picker'} shows no option`);
    }
    return menu;
  });
}

/** An option renders its label, then its description; the label is what a person reads and clicks. */
function optionLabel(option: HTMLElement): string {
  return option.lastElementChild?.firstElementChild?.textContent ?? option.textContent ?? '';
}

/** Options by role attribute: testing-library's role queries compute accessibility and are slow on large menus. */
function options(menu: HTMLElement): HTMLElement[] {
  return Array.from(menu.querySelectorAll<HTMLElement>('[role="option"]'));
}
