/**
 * The words of deleting everything (the last part of Settings), added to the catalogue as this
 * module loads. Every module that passes one of their keys to `t()` imports it (translate.spec.ts
 * checks), so pages without that section carry none of them.
 */
import { deleteMessages } from './messages/en-delete';
import { addMessages } from './translate';

addMessages(deleteMessages);
