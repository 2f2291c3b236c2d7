/**
 * The community screens' words, added to the catalogue as this module loads. Every module that
 * passes a community key to `t()` imports it (translate.spec.ts checks), so the words come with
 * the code that shows them, and pages without communities carry none of them.
 */
import { communityMessages } from './messages/en-community';
import { addMessages } from './translate';

addMessages(communityMessages);
