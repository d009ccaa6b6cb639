/**
 * The adapter contract over the real Slack adapter in HTTP mode: each fixture is a signed
 * `/vram` request to Bolt on loopback; what the user sees is the reply posted to the
 * response_url (all block text plus the fallback), private when it is ephemeral.
 */
import { messageText } from '../slack/support/blocks';
import { startHttpHarness, type HttpHarness } from '../slack/support/harness';
import { runContract, type AdapterDriver } from './contract';

let h: HttpHarness;
let n = 0;

const slackDriver: AdapterDriver = {
  name: 'slack',
  async send(text) {
    n += 1;
    // A user per request, so the per-user rate limit never shapes a fixture's answer.
    const { message } = await h.ask(text, { user_id: `U-contract-${n}` });
    return { text: messageText(message), private: message.response_type === 'ephemeral' };
  },
};

describe('contract: slack adapter (HTTP, Bolt)', () => {
  beforeAll(async () => { h = await startHttpHarness(); });
  afterAll(async () => { await h.stop(); });
  runContract(() => slackDriver);
});
