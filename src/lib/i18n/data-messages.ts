/**
 * The words of data saver and the data meter, added to the catalogue as this module loads. Every
 * module that passes one of their keys to `t()` imports it (translate.spec.ts checks), so pages
 * without them carry none of them.
 */
import { dataMessages } from './messages/en-data';
import { addMessages } from './translate';

addMessages(dataMessages);
