/**
 * The Settings dialog's state: the export template (load, edit, save,
 * reset to default); its Backups section is backups.svelte.ts.
 */
import { templateFieldGroups } from '../../../shared/export-template';
import { api } from './api';
import { messageOf } from './errors';
import { LatestLoad } from './latest-load.svelte';

/** The names and partials an export template may use, for the help text (the schema main checks templates against). */
export const TEMPLATE_PLACEHOLDERS = templateFieldGroups();

class SettingsState {
  open = $state(false);
  /** Reading it from the library: loading, and why it failed. */
  readonly reading = new LatestLoad();
  /** The text in the Export template field. */
  template = $state('');
  defaultTemplate = $state('');
  saving = $state(false);
  /** Why Save was refused (a template error names its line). */
  saveError = $state<string | null>(null);


  async show(): Promise<void> {
    this.open = true;
    this.saveError = null;
    await this.load();
  }

  load(): Promise<void> {
    return this.reading.run(
      () => api.getSettings({}),
      (settings) => {
        this.template = settings.exportTemplate;
        this.defaultTemplate = settings.defaultExportTemplate;
      },
      'Could not load the settings',
    );
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
    if (this.saving || this.reading.loading || this.reading.error) return false;
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
}

export const settings = new SettingsState();
