/**
 * The identity screens' words (onboarding, the recovery code, names, settings), added to the
 * catalogue as this module loads. Every module that passes one of their keys to `t()` imports it
 * (translate.spec.ts checks), so pages without those screens carry none of them.
 */
import { identityMessages } from './messages/en-identity';
import { addMessages } from './translate';

addMessages(identityMessages);
