/**
 * The words of the home page and its set-up card, added to the catalogue as this module loads. Every module that passes
 * one of their keys to `t()` imports it (translate.spec.ts checks), so pages without them carry
 * none of them.
 */
import { homeMessages } from './messages/en-home';
import { addMessages } from './translate';

addMessages(homeMessages);
