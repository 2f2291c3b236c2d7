/**
 * The words of the mood page, added to the catalogue as this module loads. Every module that passes
 * one of their keys to `t()` imports it (translate.spec.ts checks), so pages without them carry
 * none of them.
 */
import { moodViewMessages } from './messages/en-mood-view';
import { addMessages } from './translate';

addMessages(moodViewMessages);
