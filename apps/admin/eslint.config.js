import base from '@shop/eslint-config/base';
import { clientWalls } from '@shop/eslint-config/walls';

export default [...base, clientWalls];
