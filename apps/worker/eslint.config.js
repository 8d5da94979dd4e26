import base from '@shop/eslint-config/base';
import { shopWalls } from '@shop/eslint-config/walls';

export default [...base, shopWalls];
