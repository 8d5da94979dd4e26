import base from '@shop/eslint-config/base';
import { clientWalls, shopWalls } from '@shop/eslint-config/walls';

export default [...base, clientWalls, shopWalls];
