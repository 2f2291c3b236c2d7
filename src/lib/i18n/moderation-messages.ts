/**
 * The moderation screens' words (the report queue, the log, notices), added to the catalogue as
 * this module loads. Every module that passes one of their keys to `t()` imports it
 * (translate.spec.ts checks), so pages without those screens carry none of them.
 */
import { moderationMessages } from './messages/en-moderation';
import { addMessages } from './translate';

addMessages(moderationMessages);
