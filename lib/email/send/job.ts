import "server-only";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/job";
import { processSendRequest } from "./process-request";
import { SEND_REQUEST_QUEUE } from "./schedule";

/**
 * Sends one request (a single email, or up to 1,000 recipients of a bulk send). What happens to
 * it is recorded on the request itself, so the job may run any number of times: a request that is
 * accepted or failed is left alone, and one found mid-send waits for SendGrid's events. A run that
 * must wait (a rate-limit reset, the circuit's next trial) schedules the next run and completes.
 */
export const sendRequestJob = defineJob({
  queue: SEND_REQUEST_QUEUE,
  data: z.object({ requestId: z.uuid() }),
  // pg-boss fetches again at once only after a full batch of more than one job; at batchSize 1
  // every worker loop waits its polling interval after each send, which caps a bulk send at two
  // requests a second per loop. Four per fetch keeps a loop busy for as long as there is work.
  batchSize: 4,
  options: {
    // Unexpected failures (the database going away) are retried by the queue; SendGrid's own
    // refusals and outages are handled by the request's state, not by failing the job.
    retryLimit: 10,
    retryDelay: 2,
    retryBackoff: true,
    retryDelayMax: 120,
    // Longer than one send can take (SendGrid's 30 s deadline and a short rate-limit wait). A job
    // that waits behind slow ones of its batch may expire and run twice; the request's state makes
    // the second run harmless.
    expireInSeconds: 60,
    deadLetter: `${SEND_REQUEST_QUEUE}-dead`,
  },
  handle: (data) => processSendRequest({ requestId: data.requestId }),
});
