/**
 * The Settings dialog's state: the export template (load, edit, save,
 * reset to default) and Back up library….
 */
import { templateFieldGroups } from '../../../shared/export-template';
import { api } from './api';
import { messageOf } from './errors';

/** The names and partials an export template may use, for the help text (the schema main checks templates against). */
export const TEMPLATE_PLACEHOLDERS = templateFieldGroups();

/** "1.2 MB" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

class SettingsState {
  open = $state(false);
  loading = $state(false);
  loadError = $state<string | null>(null);
  /** The text in the Export template field. */
  template = $state('');
  defaultTemplate = $state('');
  saving = $state(false);
  /** Why Save was refused (a template error names its line). */
  saveError = $state<string | null>(null);

  backingUp = $state(false);
  backupMessage = $state('');
  backupError = $state<string | null>(null);

  #loadSeq = 0;

  async show(): Promise<void> {
    this.open = true;
    this.saveError = null;
    this.backupMessage = '';
    this.backupError = null;
    await this.load();
  }

  async load(): Promise<void> {
    const seq = ++this.#loadSeq;
    this.loading = true;
    this.loadError = null;
    try {
      const settings = await api.getSettings({});
      if (seq !== this.#loadSeq) return;
      this.template = settings.exportTemplate;
      this.defaultTemplate = settings.defaultExportTemplate;
    } catch (error) {
      if (seq === this.#loadSeq) this.loadError = `Could not load the settings: ${messageOf(error)}`;
    } finally {
      if (seq === this.#loadSeq) this.loading = false;
    }
  }

  close(): void {
    this.open = false;
  }

  resetToDefault(): void {
    this.template = this.defaultTemplate;
    this.saveError = null;
  }

  /** Saves the template; true when saved (the dialog may close). */
  async save(): Promise<boolean> {
    if (this.saving || this.loading || this.loadError) return false;
    this.saving = true;
    this.saveError = null;
    try {
      const isDefault = this.template === this.defaultTemplate;
      const settings = await api.setSettings({ exportTemplate: isDefault ? null : this.template });
      this.template = settings.exportTemplate;
      this.defaultTemplate = settings.defaultExportTemplate;
      return true;
    } catch (error) {
      this.saveError = messageOf(error);
      return false;
    } finally {
      this.saving = false;
    }
  }

  async backup(): Promise<void> {
    if (this.backingUp) return;
    this.backingUp = true;
    this.backupError = null;
    this.backupMessage = '';
    try {
      const result = await api.backupLibrary({});
      if (result) this.backupMessage = `Library backed up to ${result.file} (${formatBytes(result.bytes)})`;
    } catch (error) {
      this.backupError = `Could not back up the library: ${messageOf(error)}`;
    } finally {
      this.backingUp = false;
    }
  }
}

export const settings = new SettingsState();
