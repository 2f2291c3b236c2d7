/**
 * The words of the crisis page, added to the catalogue as this module loads. Every module that passes
 * one of their keys to `t()` imports it (translate.spec.ts checks), so pages without them carry
 * none of them.
 */
import { crisisMessages } from './messages/en-crisis';
import { addMessages } from './translate';

addMessages(crisisMessages);
