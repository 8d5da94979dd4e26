'use client';

// Catalog pages with no cached copy to serve show the shop's message inside their header.
export { default } from '../error';
