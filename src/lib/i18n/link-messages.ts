/**
 * The words of linking a second phone (Settings' "Your devices" and /welcome/link), added to the
 * catalogue as this module loads. Every module that passes one of their keys to `t()` imports it
 * (translate.spec.ts checks), so pages without linking carry none of them.
 */
import { linkMessages } from './messages/en-link';
import { addMessages } from './translate';

addMessages(linkMessages);
