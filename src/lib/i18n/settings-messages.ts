/**
 * The words of the settings page, added to the catalogue as this module loads. Every module that passes
 * one of their keys to `t()` imports it (translate.spec.ts checks), so pages without them carry
 * none of them.
 */
import { settingsMessages } from './messages/en-settings';
import { addMessages } from './translate';

addMessages(settingsMessages);
