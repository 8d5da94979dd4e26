import base from '@shop/eslint-config/base';

// Developer tooling reads its own environment (ports, CI flags); apps read theirs through env.ts.
export default [...base, { rules: { 'no-restricted-properties': 'off' } }];
