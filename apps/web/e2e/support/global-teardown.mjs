import { stopSharedStack } from '@tandem/testkit';

export default () => stopSharedStack();
