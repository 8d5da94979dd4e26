import { getImportJob, listImportJobs, startImportJob } from '@shop/csv-io';
import { zImportJob, zImportJobInput, zImportListInput } from '@shop/validators';
import { z } from 'zod';
import { router, staffProcedure } from '../trpc/admin';

/**
 * `admin.imports.*`: product CSV imports. The file arrives through the admin's upload route
 * (a stream to storage, which creates the job and queues its dry run); here staff read the job
 * (polled for progress), list recent ones and start a checked import (a second click answers
 * the running job and queues nothing).
 */
export const adminImportsRouter = router({
  get: staffProcedure('products:read')
    .input(zImportJobInput)
    .output(zImportJob)
    .query(({ ctx, input }) => getImportJob(ctx.db, input.importId)),
  list: staffProcedure('products:read')
    .input(zImportListInput)
    .output(z.array(zImportJob))
    .query(({ ctx, input }) => listImportJobs(ctx.db, input)),
  start: staffProcedure('products:write')
    .input(zImportJobInput)
    .output(zImportJob)
    .mutation(({ ctx, input }) => startImportJob(ctx.db, input.importId)),
});
