import base from '@shop/eslint-config/base';
import { coreWalls } from '@shop/eslint-config/walls';

export default [...base, coreWalls];
