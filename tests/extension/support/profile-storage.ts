import type { PanelStorage } from '../../../extensions/common-billing/src/panel/controller';
import type { BillingSettings } from '../../../extensions/common-billing/src/settings/schema';

/**
 * The two profiles the panel uses, kept as JSON text the way the editor keeps them in
 * settings/v2/packages/common-billing.json (project, in VCS) and the local profile.
 */
export class JsonProfiles implements PanelStorage {
  projectJson = '';
  localJson = '';

  async loadSettings(): Promise<unknown> {
    return this.projectJson ? JSON.parse(this.projectJson) : undefined;
  }
  async saveSettings(settings: BillingSettings): Promise<void> {
    this.projectJson = JSON.stringify(settings, null, 2);
  }
  async loadDataKeys(): Promise<unknown> {
    return this.localJson ? JSON.parse(this.localJson) : {};
  }
  async saveDataKeys(keys: Record<string, string>): Promise<void> {
    this.localJson = JSON.stringify(keys);
  }
}
